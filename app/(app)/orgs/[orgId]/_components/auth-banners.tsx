import Link from "next/link";
import { SignInButton } from "@/app/_components/auth/sign-in-button";
import type { Banner, BannerAction } from "@/lib/auth/banners";
import { BOT_MANAGEMENT_SCOPE_PARAM } from "@/lib/livechat/scopes";
import styles from "../shell.module.css";

function BannerActionButton({ action, orgPath }: { action: BannerAction; orgPath: string }) {
  if (action === "open_team") {
    return (
      <Link className="button secondary" href={`${orgPath}/team`}>
        Open the Team page
      </Link>
    );
  }
  if (action === "grant_bot_management") {
    return <SignInButton label="Grant bot management access" callbackUrl={orgPath} scope={BOT_MANAGEMENT_SCOPE_PARAM} />;
  }
  return <SignInButton label="Sign in with LiveChat again" callbackUrl={orgPath} />;
}

export function AuthBanners({ banners, orgPath }: { banners: Banner[]; orgPath: string }) {
  if (banners.length === 0) return null;
  return (
    <div className={styles.banners}>
      {banners.map((banner) => (
        <div
          key={banner.id}
          className={`alert ${banner.tone} ${styles.banner}`}
          role={banner.tone === "error" ? "alert" : "status"}
          data-banner={banner.id}
        >
          <h2>{banner.title}</h2>
          <p>{banner.body}</p>
          <div className={styles.bannerActions}>
            {banner.actions.map((action) => (
              <BannerActionButton key={action} action={action} orgPath={orgPath} />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
