/** The user's profile: name, e-mail, roles, and below the roles the Microsoft calendar link. */
import { useMe } from "../auth.tsx";
import { CalendarLinkSection } from "../components/CalendarLinkSection.tsx";
import { ROLE_NAMES } from "../components/roleNames.ts";

export function ProfilePage() {
  const { user, organization } = useMe();
  return (
    <>
      <h1>{user.name}</h1>
      <dl className="profile-facts">
        <div>
          <dt>Name</dt>
          <dd data-testid="profile-name">{user.name}</dd>
        </div>
        <div>
          <dt>E-mail</dt>
          <dd data-testid="profile-email">{user.email}</dd>
        </div>
        <div>
          <dt>Organization</dt>
          <dd>{organization.name}</dd>
        </div>
        <div>
          <dt>Time zone</dt>
          <dd>{user.timeZone}</dd>
        </div>
      </dl>
      <section aria-labelledby="roles-title" data-testid="roles-section">
        <h2 id="roles-title">Roles</h2>
        {user.roles.length === 0 ? (
          <p>None</p>
        ) : (
          <ul>
            {user.roles.map((role) => (
              <li key={role}>{ROLE_NAMES[role]}</li>
            ))}
          </ul>
        )}
      </section>
      <CalendarLinkSection />
    </>
  );
}
