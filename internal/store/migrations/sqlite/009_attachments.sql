-- Photos and files a delivery carries (channel ids, kept so that they can
-- be sent again after a restart), and the album they belong to: the items
-- of one album that arrive while it waits go into the same delivery.
ALTER TABLE deliveries ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
ALTER TABLE deliveries ADD COLUMN album TEXT NOT NULL DEFAULT '';
