-- Live progress: the database announces its own status changes on the `docket_changes` channel (db/notify.ts), so no
-- write can forget to. Each trigger sends {workspaceId, entity, id, status?} with pg_notify; notifications leave on
-- commit (never on rollback), and identical payloads in one transaction are sent once — so rows that change by the
-- thousand (fleet rows, recipients, run steps) name their parent (case, campaign, run) and carry no status.
-- Runs without a workspace (cron, system) are announced with workspaceId "*" (admins see them on Background jobs).
CREATE FUNCTION docket_live(ws text, entity text, id text, status text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('docket_changes', json_build_object('workspaceId', coalesce(ws, '*'), 'entity', entity, 'id', id, 'status', status)::text);
END $$;
--> statement-breakpoint
CREATE FUNCTION docket_live_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN PERFORM docket_live(OLD.workspace_id, 'document', OLD.id, NULL);
  ELSE PERFORM docket_live(NEW.workspace_id, 'document', NEW.id, NEW.status); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER documents_live AFTER INSERT OR DELETE ON documents FOR EACH ROW EXECUTE FUNCTION docket_live_document();
--> statement-breakpoint
CREATE TRIGGER documents_live_status AFTER UPDATE ON documents FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION docket_live_document();
--> statement-breakpoint
CREATE FUNCTION docket_live_document_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM docket_live(NEW.workspace_id, 'document', NEW.document_id, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER document_indexes_live AFTER INSERT ON document_indexes FOR EACH ROW EXECUTE FUNCTION docket_live_document_index();
--> statement-breakpoint
CREATE TRIGGER document_indexes_live_progress AFTER UPDATE ON document_indexes FOR EACH ROW
  WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.pages_done IS DISTINCT FROM NEW.pages_done) EXECUTE FUNCTION docket_live_document_index();
--> statement-breakpoint
CREATE FUNCTION docket_live_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN PERFORM docket_live(OLD.workspace_id, 'invoice', OLD.id, NULL);
  ELSE PERFORM docket_live(NEW.workspace_id, 'invoice', NEW.id, NEW.status); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER invoices_live AFTER INSERT OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION docket_live_invoice();
--> statement-breakpoint
CREATE TRIGGER invoices_live_status AFTER UPDATE ON invoices FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION docket_live_invoice();
--> statement-breakpoint
CREATE FUNCTION docket_live_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN PERFORM docket_live(OLD.workspace_id, 'case', OLD.id, NULL);
  ELSE PERFORM docket_live(NEW.workspace_id, 'case', NEW.id, NEW.status); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER insurance_cases_live AFTER INSERT OR DELETE ON insurance_cases FOR EACH ROW EXECUTE FUNCTION docket_live_case();
--> statement-breakpoint
CREATE TRIGGER insurance_cases_live_progress AFTER UPDATE ON insurance_cases FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.total_rows IS DISTINCT FROM NEW.total_rows OR OLD.matched_rows IS DISTINCT FROM NEW.matched_rows
    OR OLD.review_count IS DISTINCT FROM NEW.review_count OR OLD.status_message IS DISTINCT FROM NEW.status_message)
  EXECUTE FUNCTION docket_live_case();
--> statement-breakpoint
CREATE FUNCTION docket_live_fleet_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM docket_live(NEW.workspace_id, 'fleet_row', NEW.case_id, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fleet_rows_live_decision AFTER UPDATE ON fleet_rows FOR EACH ROW
  WHEN (OLD.decision IS DISTINCT FROM NEW.decision OR OLD.review_decision IS DISTINCT FROM NEW.review_decision OR OLD.code IS DISTINCT FROM NEW.code)
  EXECUTE FUNCTION docket_live_fleet_row();
--> statement-breakpoint
CREATE FUNCTION docket_live_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM docket_live(NEW.workspace_id, 'catalog', NEW.id, NEW.status);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER catalogs_live AFTER INSERT ON catalogs FOR EACH ROW EXECUTE FUNCTION docket_live_catalog();
--> statement-breakpoint
CREATE TRIGGER catalogs_live_progress AFTER UPDATE ON catalogs FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.import_state IS DISTINCT FROM NEW.import_state OR OLD.imported_rows IS DISTINCT FROM NEW.imported_rows
    OR OLD.embedding_state IS DISTINCT FROM NEW.embedding_state OR OLD.embedding_done IS DISTINCT FROM NEW.embedding_done)
  EXECUTE FUNCTION docket_live_catalog();
--> statement-breakpoint
CREATE FUNCTION docket_live_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN PERFORM docket_live(OLD.workspace_id, 'campaign', OLD.id, NULL);
  ELSE PERFORM docket_live(NEW.workspace_id, 'campaign', NEW.id, NEW.status); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER campaigns_live AFTER INSERT OR DELETE ON campaigns FOR EACH ROW EXECUTE FUNCTION docket_live_campaign();
--> statement-breakpoint
CREATE TRIGGER campaigns_live_status AFTER UPDATE ON campaigns FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.next_send_at IS DISTINCT FROM NEW.next_send_at OR OLD.status_message IS DISTINCT FROM NEW.status_message)
  EXECUTE FUNCTION docket_live_campaign();
--> statement-breakpoint
CREATE FUNCTION docket_live_recipient() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM docket_live(NEW.workspace_id, 'recipient', NEW.campaign_id, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER campaign_recipients_live_status AFTER UPDATE ON campaign_recipients FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION docket_live_recipient();
--> statement-breakpoint
CREATE FUNCTION docket_live_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM docket_live(NEW.workspace_id, 'run', NEW.id, NEW.status);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER runner_runs_live AFTER INSERT ON runner_runs FOR EACH ROW EXECUTE FUNCTION docket_live_run();
--> statement-breakpoint
CREATE TRIGGER runner_runs_live_status AFTER UPDATE ON runner_runs FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.failures IS DISTINCT FROM NEW.failures) EXECUTE FUNCTION docket_live_run();
--> statement-breakpoint
CREATE FUNCTION docket_live_run_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM docket_live((SELECT workspace_id FROM runner_runs WHERE runner_runs.id = NEW.run_id), 'run', NEW.run_id, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER runner_steps_live AFTER INSERT ON runner_steps FOR EACH ROW EXECUTE FUNCTION docket_live_run_step();
--> statement-breakpoint
CREATE TRIGGER runner_steps_live_status AFTER UPDATE ON runner_steps FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION docket_live_run_step();
--> statement-breakpoint
CREATE FUNCTION docket_live_mailbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM docket_live(NEW.workspace_id, 'mailbox', NEW.id, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER mailboxes_live_polled AFTER UPDATE ON mailboxes FOR EACH ROW
  WHEN (OLD.last_polled_at IS DISTINCT FROM NEW.last_polled_at OR OLD.last_error IS DISTINCT FROM NEW.last_error) EXECUTE FUNCTION docket_live_mailbox();
