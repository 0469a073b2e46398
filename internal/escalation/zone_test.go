package escalation_test

import (
	"context"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/store/storetest"
)

// 今天 is the merchant's today: at 05:47 in Shanghai on a server running
// in UTC (21:47 the day before) it is still the Shanghai date.
func TestDatesInMerchantsZone(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	utc := time.Date(2026, 11, 21, 21, 47, 0, 0, time.UTC)
	d := escalation.NewDesk(db, func() time.Time { return utc })
	ctx := context.Background()
	if _, err := d.Begin(ctx, me, "转人工 今天早上5点刷卡520元失败", ""); err != nil {
		t.Fatal(err)
	}
	c, err := db.Conversation(ctx, me.Key())
	if err != nil {
		t.Fatal(err)
	}
	if c.Fields.Date != "2026-11-22" {
		t.Errorf("今天 read as %q at 05:47 in Shanghai, want 2026-11-22", c.Fields.Date)
	}
	d.InZone(time.UTC)
	other := me
	other.ID = "43"
	d.Begin(ctx, other, "转人工 今天早上5点刷卡520元失败", "")
	c, _ = db.Conversation(ctx, other.Key())
	if c.Fields.Date != "2026-11-21" {
		t.Errorf("in UTC, 今天 read as %q, want 2026-11-21", c.Fields.Date)
	}
}
