import type { AuthUser } from "../../core/types";
import type { MeResponse } from "./auth.schemas";

export function serializeMe(user: AuthUser): MeResponse {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    is_staff: user.isStaff,
    date_joined: user.dateJoined,
  };
}
