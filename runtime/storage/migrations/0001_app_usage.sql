CREATE TABLE "app_usage" (
	"app" text PRIMARY KEY NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"rows" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- What every app held before usage was kept (written by hand after drizzle-kit generate).
INSERT INTO "app_usage" ("app", "bytes", "rows")
SELECT "app", sum("bytes"), sum("rows") FROM (
	SELECT "app", octet_length("key") + octet_length("value"::text) AS "bytes", 1 AS "rows" FROM "app_kv"
	UNION ALL
	SELECT "app", octet_length("data"::text) AS "bytes", 1 AS "rows" FROM "app_document"
) AS "held"
GROUP BY "app";
