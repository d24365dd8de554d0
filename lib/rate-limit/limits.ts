// How much anyone may ask of the dashboard, per rolling minute. README "Rate limits" lists the same
// numbers. Reads cost 1 point, changes CHANGE_COST: an account can make 300 reads or 60 changes a
// minute, an organization 1,200 reads or 240 changes. Sign-in steps count per client IP address.

export interface LimitRule {
  /** Also the key prefix in the shared table: `api-user:<userId>`. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

export const LIMITS = {
  /** Every `/api/orgs/*` request and organization server action, per signed-in user. */
  apiUser: { keyPrefix: "api-user", points: 300, durationSeconds: 60 },
  /** The same, per organization: what all its members together may ask. */
  apiOrg: { keyPrefix: "api-org", points: 1_200, durationSeconds: 60 },
  /** Starting a LiveChat sign-in, per client IP address (before anything is asked of LiveChat). */
  signInStart: { keyPrefix: "signin-start", points: 10, durationSeconds: 60 },
  /** LiveChat's redirect back to us, per client IP address (before the code is exchanged). */
  signInCallback: { keyPrefix: "signin-callback", points: 10, durationSeconds: 60 },
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof LIMITS;

/** A change (POST, PUT, PATCH, DELETE, or a server action) costs as much as this many reads. */
export const CHANGE_COST = 5;
