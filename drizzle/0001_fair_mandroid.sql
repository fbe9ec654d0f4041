-- resumate: idempotent
ALTER TABLE "resumate_ai_quota" ADD COLUMN IF NOT EXISTS "reserved_at" timestamp with time zone;
