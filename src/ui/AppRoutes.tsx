/** Every page and its address. Pages inside RequireSignIn get the signed-in user. */
import { Route, Routes } from "react-router";
import { RequireSignIn } from "./auth.tsx";
import { Layout } from "./components/Layout.tsx";
import { AccountOptionsPage } from "./pages/AccountOptionsPage.tsx";
import { AccountUsersPage } from "./pages/AccountUsersPage.tsx";
import { AuditLogPage } from "./pages/AuditLogPage.tsx";
import { DashboardPage } from "./pages/DashboardPage.tsx";
import { LinkFinishedPage } from "./pages/LinkFinishedPage.tsx";
import { MyOptionsPage } from "./pages/MyOptionsPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { ProfilePage } from "./pages/ProfilePage.tsx";
import { RoomPage } from "./pages/RoomPage.tsx";
import { SeriesPage } from "./pages/SeriesPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { UserOptionsPage } from "./pages/UserOptionsPage.tsx";
import { lazyPage } from "./lazyPage.tsx";

const CalendarPage = lazyPage(() => import("./pages/CalendarPage.tsx").then((page) => page.CalendarPage), "Loading the calendar…");
const SessionFormPage = lazyPage(() => import("./pages/SessionFormPage.tsx").then((page) => page.SessionFormPage), "Loading the session form…");

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/room/:token" element={<RoomPage />} />
      <Route path="/link-finished" element={<LinkFinishedPage />} />
      <Route element={<RequireSignIn />}>
        <Route element={<Layout />}>
          <Route index element={<DashboardPage />} />
          <Route path="sessions/new" element={<SessionFormPage />} />
          <Route path="sessions/:id/edit" element={<SessionFormPage />} />
          <Route path="series" element={<SeriesPage />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="options" element={<MyOptionsPage />} />
          <Route path="account/options" element={<AccountOptionsPage />} />
          <Route path="account/users" element={<AccountUsersPage />} />
          <Route path="account/users/:id" element={<UserOptionsPage />} />
          <Route path="account/audit" element={<AuditLogPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
