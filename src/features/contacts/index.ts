/** The contacts' public face. */
export { contactExample, contactRoutes } from "./contacts.routes";
export { contactSchema } from "./contacts.schemas";
