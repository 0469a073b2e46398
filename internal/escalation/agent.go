package escalation

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/posbot/posbot/internal/redact"
)

// Agent is a support agent, as the channel knows them.
type Agent struct {
	Name      string // as agents see each other: "@agent_li"
	FirstName string // as the merchant may see them, by a setting: "Li"
}

// Article is a knowledge-base answer an agent sends with /kb.
type Article struct {
	ID, Title, Text string
	Topic           string
	// Exact is set when the query named the article or matched it surely;
	// otherwise the agent is asked to confirm.
	Exact bool
}

// Library finds articles for /kb, in the merchant's language.
type Library interface {
	Find(query, lang string) (Article, bool)
}

// DataReopen is the merchant's 还没解决 button under a close notice:
// "reopen:<ticket>".
const dataReopen = "reopen:"

// DefaultReopenWindow is how long after closing the merchant may reopen.
const DefaultReopenWindow = 7 * 24 * time.Hour

// OnNotices sets how the channel sends notices to merchants outside any
// ticket (an incident's end), paced like every other send.
func (d *Desk) OnNotices(send func([]Notice)) { d.notify = send }

// UseLibrary lets agents send articles with /kb.
func (d *Desk) UseLibrary(l Library) { d.lib = l }

// ShowAgentNames shows merchants the first name of the agent who claimed
// their ticket ("客服 Li 正在处理") instead of a plain "客服".
func (d *Desk) ShowAgentNames(on bool) { d.agentNames = on }

// ReopenWindow sets how long after closing a merchant may reopen a ticket.
func (d *Desk) ReopenWindow(w time.Duration) {
	if w > 0 {
		d.reopenWindow = w
	}
}

// AgentHelp lists what agents can write in a ticket's thread.
const AgentHelp = `工单内可用的命令：
/close 关闭工单（商户会收到评分邀请）
/note 文本，或以 // 开头：内部备注，只留在客服群
/claim 认领工单；/claim force 接手别人认领的工单；/unclaim 释放
/kb 关键词或文章ID：把知识库文章发给商户
/reopen 重新打开已关闭的工单
/block 屏蔽该商户并关闭工单；/unblock 解除屏蔽
/incident [主题] [时长] 说明：声明已知问题（群里任何地方都可以发）；/incident 列出，/incident off 编号 结束
/help 显示本说明
其他消息都会转给商户。`

// FromSupport handles one message an agent wrote on ticket t: a command,
// an internal note ("//…" or /note), or a reply for the merchant. It
// returns a line for the support side, next to the ticket ("" for none).
// Nothing an agent writes is lost: it reaches the merchant, or is kept as
// a note, or is a command answered here; an unknown command is never
// relayed.
func (d *Desk) FromSupport(ctx context.Context, t *Ticket, a Agent, text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", nil
	}
	if rest, ok := strings.CutPrefix(text, "//"); ok {
		return d.note(ctx, t, a, rest)
	}
	if !strings.HasPrefix(text, "/") {
		if t.Status != StatusOpen {
			return fmt.Sprintf("工单 #%d 已关闭，消息没有转给商户（/reopen 可重新打开）。", t.ID), nil
		}
		return "", d.FromAgent(ctx, t, a.Name, text)
	}
	word, args, _ := strings.Cut(text, " ")
	name, _, _ := strings.Cut(strings.ToLower(strings.TrimPrefix(word, "/")), "@")
	args = strings.TrimSpace(args)
	switch name {
	case "close":
		closed, err := d.Close(ctx, t, a.Name)
		if err != nil || closed {
			return "", err
		}
		return fmt.Sprintf("工单 #%d 已经关闭了。", t.ID), nil
	case "note":
		return d.note(ctx, t, a, args)
	case "claim":
		return d.claim(ctx, t, a, strings.EqualFold(args, "force"))
	case "unclaim":
		return d.unclaim(ctx, t, a)
	case "kb":
		return d.sendArticle(ctx, t, a, args)
	case "reopen":
		return d.reopen(ctx, t, a.Name, true)
	case "block":
		return d.block(ctx, t, a)
	case "unblock":
		ok, err := d.store.Unblock(ctx, t.Merchant.Key())
		if err != nil || !ok {
			return "该商户没有被屏蔽。", err
		}
		return fmt.Sprintf("✅ 已由 %s 解除屏蔽，posbot 会重新回复该商户。", a.Name), nil
	case "incident":
		note, notices, err := d.Incident(ctx, a, args)
		if err == nil && len(notices) > 0 && d.notify != nil {
			d.notify(notices)
		}
		return note, err
	case "help", "start", "commands":
		return AgentHelp, nil
	}
	return "未知命令 " + word + "，没有转给商户。\n" + AgentHelp, nil
}

// note keeps text on the ticket for agents only.
func (d *Desk) note(ctx context.Context, t *Ticket, a Agent, text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "用法：/note 备注内容，或以 // 开头。", nil
	}
	turn := Turn{Role: RoleNote, Text: a.Name + "：" + redact.Stored(text), At: d.now()}
	if err := d.store.AddTurn(ctx, t.ID, turn, nil); err != nil {
		return "", err
	}
	if d.obs != nil {
		d.obs.Note()
	}
	return fmt.Sprintf("📝 已记为工单 #%d 的内部备注，商户看不到。", t.ID), nil
}

// claim gives t to a; force takes it from whoever had it.
func (d *Desk) claim(ctx context.Context, t *Ticket, a Agent, force bool) (string, error) {
	if t.Status != StatusOpen {
		return fmt.Sprintf("工单 #%d 已关闭，不能认领。", t.ID), nil
	}
	prev := t.Assignee
	switch {
	case prev == a.Name:
		return fmt.Sprintf("工单 #%d 已经由你认领了。", t.ID), nil
	case prev != "" && !force:
		return fmt.Sprintf("工单 #%d 已由 %s 认领；要接手请发 /claim force。", t.ID, prev), nil
	}
	assigned := *t
	assigned.Assignee = a.Name
	assigned.Earlier = d.earlier(ctx, t.Merchant.Key(), t.ID)
	ok, err := d.store.AssignTicket(ctx, t.ID, prev, a.Name, []Delivery{
		{Kind: KindToMerchant, Text: fmt.Sprintf(msg(t.Merchant.Lang, msgClaimed), d.agentFor(t.Merchant.Lang, a), t.ID)},
		{Kind: KindCardUpdate, Text: Card(&assigned, cardTurns)},
	})
	if err != nil {
		return "", err
	}
	if !ok {
		return fmt.Sprintf("工单 #%d 的处理人刚被改动，请再试一次。", t.ID), nil
	}
	if d.obs != nil {
		d.obs.Claimed()
	}
	if prev != "" {
		return fmt.Sprintf("🙋 工单 #%d 已由 %s 接手，%s 不再负责。", t.ID, a.Name, prev), nil
	}
	return fmt.Sprintf("🙋 工单 #%d 由 %s 认领。", t.ID, a.Name), nil
}

// agentFor names a for the merchant: "客服" or, by the setting, "客服 Li".
func (d *Desk) agentFor(lang string, a Agent) string {
	name := strings.TrimSpace(a.FirstName)
	switch {
	case lang == LangEN && d.agentNames && name != "":
		return "Agent " + name
	case lang == LangEN:
		return "An agent"
	case d.agentNames && name != "":
		return "客服 " + name + " "
	}
	return "客服"
}

func (d *Desk) unclaim(ctx context.Context, t *Ticket, a Agent) (string, error) {
	if t.Assignee == "" {
		return fmt.Sprintf("工单 #%d 没有人认领。", t.ID), nil
	}
	released := *t
	released.Assignee = ""
	released.Earlier = d.earlier(ctx, t.Merchant.Key(), t.ID)
	ok, err := d.store.AssignTicket(ctx, t.ID, t.Assignee, "", []Delivery{{Kind: KindCardUpdate, Text: Card(&released, cardTurns)}})
	if err != nil || !ok {
		return fmt.Sprintf("工单 #%d 的处理人刚被改动，请再试一次。", t.ID), err
	}
	return fmt.Sprintf("工单 #%d 已由 %s 释放，等待认领。", t.ID, a.Name), nil
}

// sendArticle sends the article query names to the merchant, or asks the
// agent to confirm the closest one.
func (d *Desk) sendArticle(ctx context.Context, t *Ticket, a Agent, query string) (string, error) {
	switch {
	case d.lib == nil:
		return "知识库不可用。", nil
	case query == "":
		return "用法：/kb 关键词，或 /kb 文章ID。", nil
	case t.Status != StatusOpen:
		return fmt.Sprintf("工单 #%d 已关闭，没有发送。", t.ID), nil
	}
	art, ok := d.lib.Find(query, t.Merchant.Lang)
	if !ok {
		return fmt.Sprintf("知识库里没有找到“%s”。", query), nil
	}
	if !art.Exact {
		return fmt.Sprintf("最接近的文章是 %s《%s》。确认发送请发 /kb %s", art.ID, art.Title, art.ID), nil
	}
	err := d.store.AddTurn(ctx, t.ID, Turn{Role: RoleAgent, Text: "[知识库 " + art.ID + "] " + art.Title, At: d.now()}, []Delivery{{
		Kind: KindToMerchant, Text: fmt.Sprintf(msg(t.Merchant.Lang, msgKBSent), t.ID, art.Text),
	}})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("📚 已把《%s》发给商户（%s）。", art.Title, a.Name), nil
}

// reopen opens a closed t again, in the same place, and puts the
// merchant's conversation back on it; by says who. The merchant is told
// through the ticket's deliveries when tell is set (an agent reopened it),
// and by the caller's reply otherwise.
func (d *Desk) reopen(ctx context.Context, t *Ticket, by string, tell bool) (string, error) {
	if t.Status == StatusOpen {
		return fmt.Sprintf("工单 #%d 还开着。", t.ID), nil
	}
	c, err := d.store.Conversation(ctx, t.Merchant.Key())
	if err != nil {
		return "", err
	}
	if c.Mode != ModeIdle && c.TicketID != t.ID {
		return fmt.Sprintf("商户正在办理别的事（另一个工单或正在填写信息），工单 #%d 没有重新打开。", t.ID), nil
	}
	ds := []Delivery{{Kind: KindToSupport, Text: fmt.Sprintf("🔄 工单 #%d 已由 %s 重新打开。", t.ID, by)}}
	if tell {
		ds = append(ds, Delivery{Kind: KindToMerchant, Text: fmt.Sprintf(msg(t.Merchant.Lang, msgReopened), t.ID)})
	}
	ok, err := d.store.ReopenTicket(ctx, t.ID, ds)
	if err != nil || !ok {
		return "", err
	}
	if d.obs != nil {
		d.obs.Reopened()
	}
	c.Merchant = t.Merchant
	c.Mode, c.TicketID, c.Asking = ModeOpen, t.ID, ""
	if err := d.store.SaveConversation(ctx, c); err != nil {
		return "", err
	}
	return "", nil
}

// pressReopen is the merchant's 还没解决 under a close notice.
func (d *Desk) pressReopen(ctx context.Context, m Merchant, arg string) ([]Reply, bool, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		return []Reply{{Text: msg(m.Lang, msgStale)}}, true, nil
	}
	t, err := d.store.Ticket(ctx, id)
	if err != nil || t.Merchant.Key() != m.Key() || t.Status == StatusOpen || d.now().Sub(t.ClosedAt) > d.reopenWindow {
		return []Reply{{Text: msg(m.Lang, msgStale)}}, true, nil
	}
	note, err := d.reopen(ctx, t, "商户", false)
	if err != nil {
		return nil, true, err
	}
	if note != "" {
		// The merchant is busy with something else: the button is stale.
		return []Reply{{Text: msg(m.Lang, msgStale)}}, true, nil
	}
	return []Reply{{Text: fmt.Sprintf(msg(m.Lang, msgReopened), t.ID)}}, true, nil
}

// block silences posbot to t's merchant and closes t: one short notice to
// the merchant, then nothing until /unblock.
func (d *Desk) block(ctx context.Context, t *Ticket, a Agent) (string, error) {
	if err := d.store.Block(ctx, t.Merchant.Key(), a.Name); err != nil {
		return "", err
	}
	note := fmt.Sprintf("⛔ 该商户已被 %s 屏蔽，posbot 不再回复他（/unblock 解除）。", a.Name)
	if t.Status != StatusOpen {
		return note, nil
	}
	_, err := d.closeWith(ctx, t, []Delivery{
		{Kind: KindToMerchant, Text: msg(t.Merchant.Lang, msgBlocked)},
		{Kind: KindToSupport, Text: fmt.Sprintf("✅ 工单 #%d 已关闭。", t.ID)},
	})
	return note, err
}

// Blocked reports whether agents blocked the merchant key names.
func (d *Desk) Blocked(ctx context.Context, key string) (bool, error) {
	return d.store.Blocked(ctx, key)
}
