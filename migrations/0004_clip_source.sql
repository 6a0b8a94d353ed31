-- 0004: what a clip was made from, so that rolling an image back to the take a clip was
-- made from makes that clip current again instead of leaving it out of date.

-- Sentences: a counter of the edits to the clip's own inputs (its prompt, camera, motion,
-- the clip choice, the video model; not a new image), the value of that counter when the
-- current clip was made (NULL: not known, as for clips made before this migration), and the
-- image file the current clip was made from.
ALTER TABLE sentences ADD COLUMN video_inputs_rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sentences ADD COLUMN video_file_inputs_rev INTEGER;
ALTER TABLE sentences ADD COLUMN video_image_file TEXT;

-- Takes: the file a take was made from (a clip's image) and, for a clip, the counter above
-- when it was made, so rolling a clip back restores both.
ALTER TABLE takes ADD COLUMN source_file TEXT;
ALTER TABLE takes ADD COLUMN inputs_rev INTEGER;
