import type { PersonalTokenRow } from "./tokens.queries";
import { tokenShape } from "./tokens.schemas";

export const toTokenJson = (row: PersonalTokenRow) => tokenShape.serialize(row);
