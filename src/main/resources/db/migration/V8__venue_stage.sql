-- A venue drawn as it is has a stage: where it stands and which point every seat faces.
-- Sections, rows and tables carry their own shapes inside the layout document; venues
-- made before keep a null stage and the default plan (sections one below the other).
alter table venue add column stage jsonb;
