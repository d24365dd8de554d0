"use client";

import { useState } from "react";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { BOT_MANAGEMENT_SCOPE_PARAM } from "@/lib/livechat/scopes";
import { useTeam } from "@/lib/swr/use-team";
import type { Team, TeamMember } from "@/lib/validation/organization";
import { SignInButton } from "@/app/_components/auth/sign-in-button";
import { ConnectionHealthLabel } from "../_components/connection-health";
import { RemoveMemberButton } from "./remove-member-dialog";
import { TakeOverButton } from "./take-over-dialog";
import styles from "./team.module.css";
import { TimeAgo } from "./time-ago";

interface TeamPageClientProps {
  orgId: string;
  orgName: string;
  currentUserId: string;
  canManage: boolean;
  /** Owners may remove other members. */
  canRemove: boolean;
  fallbackData: Team;
}

function AccessTag({ member }: { member: TeamMember }) {
  if (!member.credential) return <span className={styles.tag}>Not connected</span>;
  if (member.credential.status === "needs_reauth") {
    return <span className={`${styles.tag} ${styles.tagWarn}`}>Needs re-authorization</span>;
  }
  return member.credential.hasBotManagementAccess ? (
    <span className={`${styles.tag} ${styles.tagOk}`}>Bot management</span>
  ) : (
    <span className={styles.tag}>Signed in</span>
  );
}

export function TeamPageClient({ orgId, orgName, currentUserId, canManage, canRemove, fallbackData }: TeamPageClientProps) {
  const { data, error, mutate, isValidating } = useTeam(orgId, fallbackData);
  const [notice, setNotice] = useState<string | null>(null);
  const [memberNotice, setMemberNotice] = useState<string | null>(null);
  const team = data ?? fallbackData;
  const me = team.members.find((member) => member.userId === currentUserId);
  const canHold = me?.credential?.status === "active" && me.credential.hasBotManagementAccess;
  const orgPath = `/orgs/${encodeURIComponent(orgId)}/team`;

  return (
    <>
      {error && (
        <p role="alert" className="alert error">
          The team could not be refreshed: {error instanceof Error ? error.message : "unknown error"}{" "}
          <button type="button" className="button secondary" onClick={() => mutate()} disabled={isValidating}>
            Retry
          </button>
        </p>
      )}
      <section className={`card ${styles.section}`} aria-labelledby="connection-title">
        <h2 id="connection-title">Worker connection</h2>
        <p>
          <ConnectionHealthLabel health={team.connection.health} />
          {team.connection.holder
            ? ` — held by ${team.connection.holder.name} (${team.connection.holder.email})`
            : " — nobody holds it yet"}
        </p>
        {team.connection.reason && <p>LiveChat said: “{team.connection.reason}”</p>}
        {notice && <p role="status">{notice}</p>}
        {canManage && canHold && !me?.holdsConnection && (
          <TakeOverButton
            orgId={orgId}
            connection={team.connection}
            onDone={(message) => {
              setNotice(message);
              void mutate();
            }}
          />
        )}
        {canManage && !canHold && (
          <div>
            <p>To hold the connection, grant bot management access first.</p>
            <SignInButton label="Grant bot management access" callbackUrl={orgPath} scope={BOT_MANAGEMENT_SCOPE_PARAM} />
          </div>
        )}
        {!canManage && (
          <p className="muted">Only owners, vice owners and administrators can change who holds the connection.</p>
        )}
      </section>
      <section className={styles.section} aria-labelledby="members-title">
        <h2 id="members-title">Members ({team.members.length})</h2>
        {memberNotice && <p role="status">{memberNotice}</p>}
        <div className={styles.tableWrap} tabIndex={0} role="region" aria-labelledby="members-title">
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">LiveChat role</th>
                <th scope="col">Last active</th>
                <th scope="col">LiveChat access</th>
                <th scope="col">Connection</th>
                {canRemove && (
                  <th scope="col">
                    <span className={styles.visuallyHidden}>Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {team.members.map((member) => (
                <tr key={member.userId}>
                  <th scope="row">
                    {member.name}
                    {member.userId === currentUserId && " (you)"}
                    <span className={styles.email}>{member.email}</span>
                  </th>
                  <td>{ROLE_LABELS[member.role]}</td>
                  <td>
                    <TimeAgo iso={member.lastActiveAt} />
                  </td>
                  <td>
                    <AccessTag member={member} />
                  </td>
                  <td>{member.holdsConnection ? <strong>Holds the connection</strong> : "—"}</td>
                  {canRemove && (
                    <td>
                      {member.userId !== currentUserId && (
                        <RemoveMemberButton
                          orgId={orgId}
                          orgName={orgName}
                          member={member}
                          onDone={(message) => {
                            setMemberNotice(message);
                            void mutate();
                          }}
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
