/** The calendar feed's public face. */
export { calendarRoutes } from "./calendar.routes";
