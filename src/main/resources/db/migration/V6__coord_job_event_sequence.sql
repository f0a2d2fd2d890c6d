-- Trail entries get their ids from a sequence the application preallocates in blocks of 50: EclipseLink's
-- identity read-back (SELECT IDENTITY()) does not exist in H2 2.x. Entries are read in (at, event_id) order.
CREATE SEQUENCE coord_job_event_seq START WITH 50 INCREMENT BY 50;
-- (EclipseLink takes each value as the last id of its block of 50, hence the start at 50.)
