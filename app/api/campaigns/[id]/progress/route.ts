import { jsonByIdRoute } from "../../../json-by-id-route";
import { progressFor } from "../../handlers";

export const GET = jsonByIdRoute(progressFor, "GET /api/campaigns/[id]/progress");
