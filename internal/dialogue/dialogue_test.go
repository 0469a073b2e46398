package dialogue_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/dialogue"
	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/gaps"
	"github.com/posbot/posbot/internal/search/searchtest"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/store/storetest"
)

var me = escalation.Merchant{Channel: "test", ID: "7", Person: "7", Name: "李四", Lang: "zh"}

// feedback keeps what the engine records, to read it back.
type feedback struct {
	mu   sync.Mutex
	seen []escalation.Feedback
}

func (f *feedback) RecordFeedback(_ context.Context, fb escalation.Feedback) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, fb)
	return nil
}

type rig struct {
	engine *dialogue.Engine
	db     *store.DB
	fb     *feedback
}

// newRig runs the engine over the shipped knowledge base, a real desk and
// a real SQLite store; withDesk false leaves the desk out.
func newRig(t *testing.T, withDesk bool) *rig {
	t.Helper()
	k, ix := searchtest.Shipped(t)
	db := storetest.Open(t, "sqlite")
	r := &rig{db: db, fb: &feedback{}}
	opt := dialogue.Options{Feedback: r.fb, Gaps: db, Journal: db}
	if withDesk {
		opt.Desk = escalation.NewDesk(db, time.Now)
	}
	r.engine = dialogue.New(assistant.New(k, ix), opt)
	return r
}

func (r *rig) send(t *testing.T, in dialogue.Inbound) []dialogue.Outbound {
	t.Helper()
	if in.Merchant.ID == "" {
		in.Merchant = me
	}
	outs, err := r.engine.Handle(context.Background(), in)
	if err != nil {
		t.Fatalf("Handle(%+v): %v", in, err)
	}
	return outs
}

func (r *rig) gaps(t *testing.T) []gaps.Event {
	t.Helper()
	es, err := r.db.Gaps(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func data(outs []dialogue.Outbound) []string {
	var ds []string
	for _, o := range outs {
		for _, row := range o.Buttons {
			for _, b := range row {
				ds = append(ds, b.Data)
			}
		}
	}
	return ds
}

func text(outs []dialogue.Outbound) string {
	var b []string
	for _, o := range outs {
		b = append(b, o.Text)
	}
	return strings.Join(b, "\n")
}

func TestMessages(t *testing.T) {
	tests := []struct {
		name     string
		in       dialogue.Inbound
		noDesk   bool
		want     string   // in the replies' text
		buttons  []string // button data prefixes, in order
		messages int      // how many replies, if not 1
	}{
		{name: "answer: short first, full steps and feedback on buttons", in: dialogue.Inbound{Text: "POS机突然提示暂停业务了"}, want: "暂停", buttons: []string{"more:suspension-", "fb:y:suspension-", "fb:n:suspension-"}},
		{name: "English in, English out", in: dialogue.Inbound{Text: "my terminal says business suspended"}, want: "provider", buttons: []string{"more:", "fb:y:", "fb:n:"}},
		{name: "greeting has no buttons", in: dialogue.Inbound{Text: "你好"}, want: "posbot"},
		{name: "no answer offers a person", in: dialogue.Inbound{Text: "今天股市会涨吗"}, buttons: []string{dialogue.DataPerson}},
		{name: "photo without caption", in: dialogue.Inbound{}, want: "文字"},
		{name: "edited to nothing", in: dialogue.Inbound{Edited: true}, messages: -1},
		{name: "start", in: dialogue.Inbound{Text: "/start"}, want: "posbot"},
		{name: "start addressed to posbot", in: dialogue.Inbound{Text: "/start@posbot_bot"}, want: "posbot"},
		{name: "unknown command gets help", in: dialogue.Inbound{Text: "/weather"}, want: "/human"},
		{name: "human starts the handoff", in: dialogue.Inbound{Text: "/human"}, want: "商户号", messages: 2},
		{name: "a request in words starts it too", in: dialogue.Inbound{Text: "转人工"}, want: "商户号", messages: 2},
		{name: "without a desk a request is recorded", in: dialogue.Inbound{Text: "/human"}, noDesk: true, want: "客服"},
		{name: "done with nothing open gets help", in: dialogue.Inbound{Text: "/done"}, want: "/human"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, !tt.noDesk)
			outs := r.send(t, tt.in)
			switch n := tt.messages; {
			case n == -1 && len(outs) != 0:
				t.Fatalf("replies %q, want none", text(outs))
			case n == 0 && len(outs) != 1, n > 0 && len(outs) != n:
				t.Fatalf("%d replies %q, want %d", len(outs), text(outs), max(n, 1))
			}
			if !strings.Contains(strings.ToLower(text(outs)), strings.ToLower(tt.want)) {
				t.Errorf("replies %q, want %q in them", text(outs), tt.want)
			}
			got := data(outs)
			if len(got) != len(tt.buttons) {
				t.Fatalf("buttons %q, want %q", got, tt.buttons)
			}
			for i, p := range tt.buttons {
				if !strings.HasPrefix(got[i], p) {
					t.Errorf("button %d = %q, want prefix %q", i, got[i], p)
				}
			}
		})
	}
}

// What the knowledge base could not settle is kept for the editors, from
// any channel: an unanswered question, a request for a person, and the
// question behind a "not solved" press.
func TestGapsAndFeedback(t *testing.T) {
	r := newRig(t, true)
	r.send(t, dialogue.Inbound{Text: "今天股市会涨吗"})
	outs := r.send(t, dialogue.Inbound{Text: "扫码收款的钱没到账"})
	yes, no := data(outs)[1], data(outs)[2]
	article := strings.TrimPrefix(yes, "fb:y:")

	outs = r.send(t, dialogue.Inbound{Button: yes})
	if len(outs) != 2 || !outs[0].Toast || !outs[1].Clear {
		t.Fatalf("solved press: %+v, want a toast and the buttons cleared", outs)
	}
	outs = r.send(t, dialogue.Inbound{Button: no})
	if !outs[0].Clear || !strings.Contains(text(outs), "商户号") {
		t.Fatalf("not-solved press: %+v, want the buttons cleared and the handoff started", outs)
	}

	kinds := map[gaps.Kind]string{}
	for _, e := range r.gaps(t) {
		kinds[e.Kind] = e.Question
	}
	if q := kinds[gaps.KindNoAnswer]; q != "今天股市会涨吗" {
		t.Errorf("no-answer gap %q", q)
	}
	if q := kinds[gaps.KindNotHelpful]; q != "扫码收款的钱没到账" {
		t.Errorf("not-helpful gap %q, want the question answered", q)
	}
	var helpful, person bool
	for _, f := range r.fb.seen {
		helpful = helpful || f.Helpful && f.ArticleID == article
		person = person || f.WantsPerson && f.ArticleID == article
	}
	if !helpful || !person {
		t.Errorf("feedback %+v, want a helpful vote and a request for a person on %s", r.fb.seen, article)
	}
}

func TestButtons(t *testing.T) {
	r := newRig(t, true)
	for _, d := range []string{"fb:zz", "", "fb:maybe:x", strings.Repeat("x", 64)} {
		outs := r.send(t, dialogue.Inbound{Pressed: true, Button: d})
		if len(outs) != 1 || !outs[0].Toast || outs[0].Text == "" {
			t.Fatalf("button %q: %+v, want one toast", d, outs)
		}
	}
	var outs []dialogue.Outbound
	r.send(t, dialogue.Inbound{Text: "商户号898440153990123 终端号12345678 今天下午3点扫码收款520元没到账"})
	outs = r.send(t, dialogue.Inbound{Button: dialogue.DataPerson})
	if !strings.Contains(text(outs), "转人工") {
		t.Fatalf("person button: %q, want the handoff", text(outs))
	}
	// The desk's own buttons go to the desk, and the pressed ones clear.
	var skip string
	for _, d := range data(outs) {
		if strings.HasPrefix(d, "esc:") {
			skip = d
		}
	}
	if skip == "" {
		t.Fatalf("handoff offers no desk button: %q", data(outs))
	}
	outs = r.send(t, dialogue.Inbound{Button: skip})
	if len(outs) < 2 || !outs[0].Clear {
		t.Fatalf("desk button: %+v, want the buttons cleared and the next step", outs)
	}
}

// Once a handoff has begun, the desk has the merchant's messages until the
// collection ends; /cancel ends it.
func TestDeskGoesFirst(t *testing.T) {
	r := newRig(t, true)
	r.send(t, dialogue.Inbound{Text: "转人工"})
	outs := r.send(t, dialogue.Inbound{Text: "898440153990123"})
	if strings.Contains(text(outs), "fb:") || len(data(outs)) > 0 && strings.HasPrefix(data(outs)[0], "fb:") {
		t.Fatalf("a merchant number during the handoff was answered by the knowledge base: %q", text(outs))
	}
	outs = r.send(t, dialogue.Inbound{Text: "/cancel"})
	if !strings.Contains(text(outs), "取消") {
		t.Fatalf("/cancel: %q", text(outs))
	}
	outs = r.send(t, dialogue.Inbound{Text: "POS机突然提示暂停业务了"})
	if d := data(outs); len(d) != 3 || !strings.HasPrefix(d[1], "fb:y:") {
		t.Fatalf("after /cancel the knowledge base answers again; got %q %q", text(outs), d)
	}
}

// Busy wraps the answer only: "typing…" for a search, not for a command.
func TestBusy(t *testing.T) {
	r := newRig(t, true)
	calls, ends := 0, 0
	busy := func() func() { calls++; return func() { ends++ } }
	r.send(t, dialogue.Inbound{Text: "/start", Busy: busy})
	if calls != 0 {
		t.Fatalf("busy for a command")
	}
	r.send(t, dialogue.Inbound{Text: "打印机不出纸", Busy: busy})
	if calls != 1 || ends != 1 {
		t.Fatalf("busy %d, ended %d; want 1 and 1", calls, ends)
	}
}

func TestCommandName(t *testing.T) {
	for _, tt := range []struct{ in, name, target string }{
		{"/start", "start", ""},
		{"/Start@PosBot extra", "start", "posbot"},
		{"/human\n请帮我", "human", ""},
		{"hello /start", "", ""},
		{"", "", ""},
	} {
		if n, tg := dialogue.CommandName(tt.in); n != tt.name || tg != tt.target {
			t.Errorf("CommandName(%q) = %q, %q; want %q, %q", tt.in, n, tg, tt.name, tt.target)
		}
	}
}

// The handover, step by step through the engine every channel uses: each
// case is a conversation and what the last reply must (and must not) say.
func TestHandover(t *testing.T) {
	type step struct {
		in     string
		button bool // in is a button's data
	}
	tests := []struct {
		name   string
		steps  []step
		want   []string // in the last step's replies
		unwant []string
		check  func(t *testing.T, r *rig)
	}{
		{
			name: "details before 转人工 are not asked again",
			steps: []step{
				{in: "商户号898440153990123 终端号12345678 今天下午3点微信收款520元没到账"},
				{in: "转人工"},
			},
			unwant: []string{"请发一下商户号", "终端号是多少", "金额是多少"},
		},
		{
			name: "a correction at the summary replaces the value and shows the summary again",
			steps: []step{
				{in: "商户号898440153990123 终端号12345678 今天下午3点微信收款520元没到账"},
				{in: "转人工"}, {in: "跳过"}, {in: "跳过"}, {in: "跳过"},
				{in: "金额写错了 应该是350"},
			},
			want:   []string{"350.00", "提交"},
			unwant: []string{"520.00"},
		},
		{
			name:  "English in, English out",
			steps: []step{{in: "I want to speak to an agent"}},
			want:  []string{"merchant number"},
		},
		{
			name: "after two messages it cannot place, skip and cancel are offered",
			steps: []step{
				{in: "转人工"}, {in: "?"}, {in: "那怎么办"},
			},
			want: []string{"跳过", "取消"},
		},
		{
			name: "the merchant closes their own ticket",
			steps: []step{
				{in: "转人工 商户号898440153990123 机器被冻结了"}, {in: "跳过"}, {in: "跳过"}, {in: "提交"},
				{in: "/done"},
			},
			check: func(t *testing.T, r *rig) {
				ts, err := r.db.Tickets(context.Background(), escalation.StatusClosed, 10)
				if err != nil || len(ts) != 1 {
					t.Errorf("closed tickets %d, %v; want the merchant's", len(ts), err)
				}
			},
		},
		{
			name: "an empty message during the collection is not stored",
			steps: []step{
				{in: "转人工"}, {in: "   "},
			},
			want: []string{"商户号"},
			check: func(t *testing.T, r *rig) {
				c, _ := r.db.Conversation(context.Background(), me.Key())
				for _, tr := range c.Turns {
					if strings.TrimSpace(tr.Text) == "" {
						t.Errorf("empty turn stored: %+v", c.Turns)
					}
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, true)
			var outs []dialogue.Outbound
			for _, s := range tt.steps {
				in := dialogue.Inbound{Text: s.in}
				if s.button {
					in = dialogue.Inbound{Pressed: true, Button: s.in}
				}
				outs = r.send(t, in)
			}
			got := text(outs) + " " + strings.Join(buttonTexts(outs), " ")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("last replies lack %q:\n%s", w, got)
				}
			}
			for _, w := range tt.unwant {
				if strings.Contains(got, w) {
					t.Errorf("last replies have %q:\n%s", w, got)
				}
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func buttonTexts(outs []dialogue.Outbound) []string {
	var ts []string
	for _, o := range outs {
		for _, row := range o.Buttons {
			for _, b := range row {
				ts = append(ts, b.Text)
			}
		}
	}
	return ts
}

// A photo while a ticket is open is announced to the agents; without a
// ticket the merchant is asked for text.
func TestAttachments(t *testing.T) {
	r := newRig(t, true)
	photo := []dialogue.Attachment{{Kind: dialogue.AttachPhoto, Ref: "p1"}}
	if outs := r.send(t, dialogue.Inbound{Attachments: photo}); !strings.Contains(text(outs), "文字") {
		t.Fatalf("photo with nothing open: %q", text(outs))
	}
	for _, s := range []string{"转人工 商户号898440153990123 机器被冻结了", "跳过", "跳过", "提交"} {
		r.send(t, dialogue.Inbound{Text: s})
	}
	outs := r.send(t, dialogue.Inbound{Attachments: photo})
	if !strings.Contains(text(outs), "客服") {
		t.Fatalf("photo on an open ticket: %q", text(outs))
	}
	r.send(t, dialogue.Inbound{Text: "屏幕这样显示", Attachments: photo})
	ds, err := r.db.Claim(context.Background(), "test", time.Minute, 20)
	if err != nil {
		t.Fatal(err)
	}
	var support []string
	files := 0
	read := func() {
		for _, d := range ds {
			support = append(support, d.Text)
			files += len(d.Attachments)
		}
	}
	read()
	// Deliveries of one ticket come out one at a time: read them all.
	for len(ds) > 0 {
		for _, d := range ds {
			r.db.Delivered(context.Background(), d, 0, 0)
		}
		ds, _ = r.db.Claim(context.Background(), "test", time.Minute, 20)
		read()
	}
	all := strings.Join(support, "\n")
	if !strings.Contains(all, "发来 [图片]") || !strings.Contains(all, "屏幕这样显示") || files != 2 {
		t.Errorf("the agents were not sent the photos (%d files):\n%s", files, all)
	}
}

// A CVV, an SMS code, an ID number and a stranger's mobile typed during a
// handover are masked before anything keeps them; the merchant is warned.
func TestSecretsNeverStay(t *testing.T) {
	r := newRig(t, true)
	secrets := []string{"845721", "440304199001011233", "13912345678", "6222021234567890"}
	outs := r.send(t, dialogue.Inbound{Text: "卡号6222021234567890 刷不了 cvv 123"})
	if !strings.Contains(text(outs), "CVV") {
		t.Errorf("no warning for a card number and CVV: %q", text(outs))
	}
	for _, s := range []string{
		"转人工 商户号898440153990123 今天下午3点刷卡520元失败",
		"客户身份证440304199001011233 手机13912345678",
		"验证码 845721",
		"跳过", "跳过", "跳过", "跳过", "提交",
		"我的电话13812345678",
	} {
		outs = r.send(t, dialogue.Inbound{Text: s})
	}
	ctx := context.Background()
	c, _ := r.db.Conversation(ctx, me.Key())
	ts, _ := r.db.Tickets(ctx, "", 10)
	if len(ts) != 1 {
		t.Fatalf("%d tickets", len(ts))
	}
	var kept []string
	for _, tk := range ts {
		b, _ := json.Marshal(tk)
		kept = append(kept, string(b))
		turns, _ := r.db.Turns(ctx, tk.ID)
		b, _ = json.Marshal(turns)
		kept = append(kept, string(b))
	}
	b, _ := json.Marshal(c)
	kept = append(kept, string(b))
	for ds, _ := r.db.Claim(ctx, "t", time.Minute, 50); len(ds) > 0; ds, _ = r.db.Claim(ctx, "t", time.Minute, 50) {
		for _, d := range ds {
			kept = append(kept, d.Text)
			r.db.Delivered(ctx, d, 0, 0)
		}
	}
	for _, g := range r.gaps(t) {
		kept = append(kept, g.Question)
	}
	all := strings.Join(kept, "\n")
	for _, s := range secrets {
		if strings.Contains(all, s) {
			t.Errorf("%s kept:\n%s", s, all)
		}
	}
	if !strings.Contains(all, "13812345678") {
		t.Errorf("the merchant's own contact number was masked; an agent needs it:\n%s", all)
	}
	if !strings.Contains(all, "440304********1233") || !strings.Contains(all, "*******5678") {
		t.Errorf("masked forms missing:\n%s", all)
	}
}

// An event delivered again (a crash cut its sending short) gets the
// replies it got the first time and is not handled twice: the handoff's
// first question is not taken for the answer to itself.
func TestEventHandledOnce(t *testing.T) {
	r := newRig(t, true)
	first := r.send(t, dialogue.Inbound{ID: "test:1", Text: "转人工"})
	again := r.send(t, dialogue.Inbound{ID: "test:1", Text: "转人工"})
	if len(first) == 0 || !slices.EqualFunc(first, again, func(a, b dialogue.Outbound) bool {
		return a.Text == b.Text && slices.EqualFunc(a.Buttons, b.Buttons, slices.Equal)
	}) {
		t.Fatalf("replayed %+v, first %+v", again, first)
	}
	// A different event with the same text is a new message.
	other := r.send(t, dialogue.Inbound{ID: "test:2", Text: "转人工"})
	if slices.EqualFunc(first, other, func(a, b dialogue.Outbound) bool { return a.Text == b.Text }) {
		t.Errorf("a new event was replayed: %+v", other)
	}
	// A press is journalled too.
	press := r.send(t, dialogue.Inbound{ID: "test:3", Pressed: true, Button: "esc:skip"})
	if again := r.send(t, dialogue.Inbound{ID: "test:3", Pressed: true, Button: "esc:skip"}); len(again) != len(press) || again[0].Text != press[0].Text {
		t.Errorf("press replayed %+v, first %+v", again, press)
	}
}

// /me and /forget reach the desk's memory of the merchant.
func TestMeAndForget(t *testing.T) {
	r := newRig(t, true)
	if got := text(r.send(t, dialogue.Inbound{Text: "/me"})); !strings.Contains(got, "没有为你保存") {
		t.Errorf("/me before a ticket: %q", got)
	}
	for _, s := range []string{"转人工 商户号898440153990123 终端号12345678 机器被冻结了", "跳过", "跳过", "提交"} {
		r.send(t, dialogue.Inbound{Text: s})
	}
	if got := text(r.send(t, dialogue.Inbound{Text: "/me"})); !strings.Contains(got, "8984401……0123") || strings.Contains(got, "898440153990123") {
		t.Errorf("/me after a ticket: %q", got)
	}
	if got := text(r.send(t, dialogue.Inbound{Text: "/forget"})); !strings.Contains(got, "已删除") {
		t.Errorf("/forget: %q", got)
	}
}

// 详细步骤 edits the short answer into the full article, keeping what
// stood before the short answer and the feedback buttons.
func TestFullSteps(t *testing.T) {
	r := newRig(t, true)
	outs := r.send(t, dialogue.Inbound{Text: "打印机不出纸"})
	more := data(outs)[0]
	if !strings.HasPrefix(more, "more:") || len(text(outs)) > 600 {
		t.Fatalf("short answer %q %q", text(outs), data(outs))
	}
	shown := "📢 已知问题：打印服务升级\n\n" + outs[0].Text
	outs = r.send(t, dialogue.Inbound{Pressed: true, Button: more, Shown: shown})
	if len(outs) != 1 || !outs[0].Edit || !strings.HasPrefix(outs[0].Text, "📢 已知问题：打印服务升级") || len([]rune(outs[0].Text)) < 200 {
		t.Fatalf("full steps %+v", outs)
	}
	if d := data(outs); len(d) != 2 || !strings.HasPrefix(d[0], "fb:y:") {
		t.Errorf("buttons under the full steps %q", d)
	}
}

type markKey struct{}

// deferringJournal is a Journal that lets handling defer waiting for the
// disk, and notes which of its calls, and the feedback recorded, carried
// its mark.
type deferringJournal struct {
	mu       sync.Mutex
	replies  map[string][]byte
	marked   []string // calls made with a marked context
	unmarked []string
}

func (j *deferringJournal) DeferSync(ctx context.Context) context.Context {
	return context.WithValue(ctx, markKey{}, true)
}

func (j *deferringJournal) note(ctx context.Context, call string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if ctx.Value(markKey{}) != nil {
		j.marked = append(j.marked, call)
	} else {
		j.unmarked = append(j.unmarked, call)
	}
}

func (j *deferringJournal) HandledReplies(ctx context.Context, id string) ([]byte, bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	b, ok := j.replies[id]
	return b, ok, nil
}

func (j *deferringJournal) SaveHandled(ctx context.Context, id string, replies []byte) error {
	j.note(ctx, "SaveHandled")
	j.mu.Lock()
	defer j.mu.Unlock()
	j.replies[id] = replies
	return nil
}

func (j *deferringJournal) RecordFeedback(ctx context.Context, _ escalation.Feedback) error {
	j.note(ctx, "RecordFeedback")
	return nil
}

// What handling a journalled event writes may defer waiting for the disk,
// as the event's record, which never does, follows; an event without an
// id defers nothing.
func TestJournalDefersSync(t *testing.T) {
	k, ix := searchtest.Shipped(t)
	j := &deferringJournal{replies: map[string][]byte{}}
	e := dialogue.New(assistant.New(k, ix), dialogue.Options{Feedback: j, Journal: j})
	ctx := context.Background()
	if _, err := e.Handle(ctx, dialogue.Inbound{ID: "test:1", Merchant: me, Pressed: true, Button: "fb:y:device-printer"}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"RecordFeedback"}; !slices.Equal(j.marked, want) {
		t.Errorf("marked calls %v, want %v", j.marked, want)
	}
	if want := []string{"SaveHandled"}; !slices.Equal(j.unmarked, want) {
		t.Errorf("unmarked calls %v, want %v", j.unmarked, want)
	}
	j.marked, j.unmarked = nil, nil
	if _, err := e.Handle(ctx, dialogue.Inbound{Merchant: me, Pressed: true, Button: "fb:y:device-printer"}); err != nil {
		t.Fatal(err)
	}
	if len(j.marked) != 0 || !slices.Equal(j.unmarked, []string{"RecordFeedback"}) {
		t.Errorf("without an id: marked %v, unmarked %v", j.marked, j.unmarked)
	}
}
