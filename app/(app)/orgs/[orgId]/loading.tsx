export default function OrganizationLoading() {
  return (
    <p role="status" className="muted">
      Loading…
    </p>
  );
}
