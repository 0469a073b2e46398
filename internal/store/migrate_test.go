package store_test

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/store/storetest"
)

// A database made by the schema before channels (Telegram chat ids as the
// merchant's name) is carried across by migration 003 without losing a
// conversation, a ticket, its place in the support chat, a pending
// delivery or a vote.
func TestMigrateToChannels(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			url := storetest.URL(t, kind)
			driver, dsn := "pgx", url
			if kind == "sqlite" {
				driver, dsn = "sqlite", "file:"+strings.TrimPrefix(url, "sqlite://")
			}
			raw, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			exec := func(q string) {
				t.Helper()
				if _, err := raw.ExecContext(ctx, q); err != nil {
					t.Fatalf("%v\n%s", err, q)
				}
			}
			exec(`CREATE TABLE schema_migrations (version TEXT PRIMARY KEY)`)
			for _, v := range []string{"001_init.sql", "002_gaps.sql"} {
				body, err := os.ReadFile("migrations/" + kind + "/" + v)
				if err != nil {
					t.Fatal(err)
				}
				exec(string(body))
				exec(`INSERT INTO schema_migrations (version) VALUES ('` + v + `')`)
			}
			at := time.Now().UnixMilli()
			legacy := `{"chat_id":42,"user_id":4242,"name":"张三","username":"zhang","lang":"zh"}`
			exec(`INSERT INTO conversations (chat_id, state, updated_at) VALUES
				(42, '{"chat_id":42,"merchant":` + legacy + `,"mode":"open","ticket_id":1}', 1),
				(-1, '{"chat_id":-1,"mode":"collecting","asking":"merchant_no"}', 1)`)
			exec(`INSERT INTO tickets (request_key, status, chat_id, user_id, merchant, fields, description, topic, articles,
				transcript, support_chat_id, support_thread_id, card_message_id, created_at) VALUES
				('chat:42:1', 'open', 42, 4242, '` + legacy + `', '{"merchant_no":"898440153990123"}', '扫码没到账', 'missing-credit',
				'[]', '[]', -100, 7, 501, 1)`)
			exec(`INSERT INTO support_messages (chat_id, message_id, ticket_id) VALUES (-100, 501, 1)`)
			exec(`INSERT INTO deliveries (ticket_id, kind, chat_id, text, buttons, next_at, created_at) VALUES
				(1, 'to_merchant', 42, '客服回复', '[]', 0, ` + strconv.FormatInt(at, 10) + `)`)
			exec(`INSERT INTO feedback (chat_id, user_id, article_id, helpful, wants_person, at) VALUES (42, 4242, 'fees-rates', 1, 0, 1)`)
			raw.Close()

			db := storetest.OpenURL(t, url) // applies 003
			c, err := db.Conversation(ctx, "telegram:42")
			if err != nil || c.Mode != escalation.ModeOpen || c.TicketID != 1 || c.Merchant.Key() != "telegram:42" || c.Merchant.Person != "4242" {
				t.Errorf("conversation after migration: %+v %v", c, err)
			}
			if c, _ := db.Conversation(ctx, "console:local"); c.Mode != escalation.ModeCollecting {
				t.Errorf("the console's conversation was lost: %+v", c)
			}
			tk, err := db.Ticket(ctx, 1)
			if err != nil || tk.Merchant.Key() != "telegram:42" || tk.Fields.MerchantNo != "898440153990123" {
				t.Fatalf("ticket after migration: %+v %v", tk, err)
			}
			if thread, card, err := db.SupportPlace(ctx, 1); err != nil || thread != 7 || card != 501 {
				t.Errorf("support place: topic %d, card %d, %v; want 7, 501", thread, card, err)
			}
			for _, at := range [][2]int{{7, 0}, {0, 501}} {
				if got, err := db.TicketForSupport(ctx, -100, at[0], at[1]); err != nil || got.ID != 1 {
					t.Errorf("agent's message at topic %d / reply to %d: %+v %v", at[0], at[1], got, err)
				}
			}
			ds, err := db.Claim(ctx, "a", time.Minute, 10)
			if err != nil || len(ds) != 1 || ds[0].Kind != escalation.KindToMerchant || ds[0].Text != "客服回复" {
				t.Errorf("pending delivery after migration: %+v %v", ds, err)
			}
			if ts, err := db.Tickets(ctx, escalation.StatusOpen, 10); err != nil || len(ts) != 1 {
				t.Errorf("open tickets: %d, %v", len(ts), err)
			}
			// New rows are written the new way alongside the old.
			if err := db.RecordFeedback(ctx, escalation.Feedback{Merchant: "telegram:42", Person: "4242", ArticleID: "x"}); err != nil {
				t.Error(err)
			}
		})
	}
}

// Three processes starting at the same moment on a fresh PostgreSQL
// database all come up: migrations run one after the other.
func TestConcurrentMigrations(t *testing.T) {
	for round := 0; round < 5; round++ {
		url := storetest.URL(t, "postgres")
		errs := make(chan error, 3)
		start := make(chan struct{})
		for i := 0; i < 3; i++ {
			go func() {
				<-start
				db, err := store.Open(context.Background(), url)
				if err == nil {
					db.Close()
				}
				errs <- err
			}()
		}
		close(start)
		for i := 0; i < 3; i++ {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
}
