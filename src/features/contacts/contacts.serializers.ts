import { type ContactJson, type ContactWithLinks, contactShape } from "./contacts.schemas";

export const toContactJson = (row: ContactWithLinks): ContactJson => contactShape.serialize(row);
