/** Signing out: end the server's session, forget every cached answer, go to the sign-in page. */
import { useNavigate } from "react-router";
import { api, queryClient } from "./api.ts";

export function useSignOut(): () => void {
  const navigate = useNavigate();
  return () => {
    // Whatever the server says, this browser forgets the user; a failed logout only leaves a cookie that expires.
    void api
      .logout()
      .catch(() => undefined)
      .finally(() => {
        void navigate("/signin", { replace: true });
        queryClient.clear();
      });
  };
}
