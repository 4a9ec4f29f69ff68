import { jsonByIdRoute } from "../../../../json-by-id-route";
import { caseProgressFor } from "../../../handlers";

export const GET = jsonByIdRoute(caseProgressFor, "GET /api/insurance/cases/[id]/progress");
