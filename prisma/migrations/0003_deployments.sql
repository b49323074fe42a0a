CREATE TABLE "deployment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"app_name" text NOT NULL,
	"seq" integer NOT NULL,
	"cid" text NOT NULL,
	"project_version" integer NOT NULL,
	"created_by" text NOT NULL,
	"rollback_of" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deployment_project_idx" ON "deployment" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "deployment_app_seq_idx" ON "deployment" USING btree ("app_name","seq");