-- First start of the compose PostgreSQL: a second database for the self-hosted Inngest server,
-- so its tables never share a schema with Ledgerline's.
CREATE DATABASE inngest;
