package telegram

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/escalation"
)

// channel names Telegram in merchants' keys ("telegram:42").
const channel = "telegram"

// merchant converts a Telegram user in a chat to posbot's Merchant.
func merchant(u *models.User, chatID int64) escalation.Merchant {
	name := strings.TrimSpace(u.FirstName + " " + u.LastName)
	return escalation.Merchant{
		Channel: channel, ID: strconv.FormatInt(chatID, 10), Person: strconv.FormatInt(u.ID, 10),
		Name: name, Username: u.Username, Lang: assistant.LangOf(u.LanguageCode),
	}
}

// chatOf is the Telegram chat of a merchant, or false for another channel's.
func chatOf(m escalation.Merchant) (int64, bool) {
	if m.Channel != channel {
		return 0, false
	}
	id, err := strconv.ParseInt(m.ID, 10, 64)
	return id, err == nil
}

func agentName(u *models.User) string {
	if u.Username != "" {
		return "@" + u.Username
	}
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}

// sendReplies sends the desk's replies, with their buttons.
func (b *Bot) sendReplies(chatID int64, replies []escalation.Reply) {
	for _, r := range replies {
		b.send(chatID, r.Text, buttons(r.Buttons))
	}
	b.poke()
}

func buttons(rows [][]escalation.Button) models.ReplyMarkup {
	if len(rows) == 0 {
		return nil
	}
	kb := &models.InlineKeyboardMarkup{}
	for _, row := range rows {
		var r []models.InlineKeyboardButton
		for _, bt := range row {
			r = append(r, models.InlineKeyboardButton{Text: bt.Text, CallbackData: bt.Data})
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, r)
	}
	return kb
}

// onAgent handles a message in the support chat. Only a reply to a ticket's
// message, or a message in a ticket's forum topic, concerns posbot; the
// agents' other chatter is left alone, but for posbot's commands. Telegram
// delivers group messages only from the group's members, so whoever writes
// here is an agent. What the message means (a reply, a note, a command) is
// the desk's to decide.
func (b *Bot) onAgent(ctx context.Context, m *models.Message) {
	text := m.Text
	if text == "" {
		text = m.Caption
	}
	text = strings.TrimSpace(text)
	command := ""
	if strings.HasPrefix(text, "/") && !strings.HasPrefix(text, "//") {
		word := strings.Fields(text)[0]
		name, target, addressed := strings.Cut(strings.ToLower(word[1:]), "@")
		if addressed && target != b.username {
			return // meant for another bot
		}
		command = name
	}
	if command == "incident" {
		b.incident(ctx, m, text)
		return
	}
	thread := 0
	if m.IsTopicMessage {
		thread = m.MessageThreadID
	}
	replyTo := 0
	if m.ReplyToMessage != nil && m.ReplyToMessage.ID != thread {
		replyTo = m.ReplyToMessage.ID
	}
	var t *escalation.Ticket
	err := escalation.ErrNotFound
	if thread != 0 || replyTo != 0 {
		t, err = b.opt.Tickets.TicketForSupport(ctx, m.Chat.ID, thread, replyTo)
		if errors.Is(err, escalation.ErrNotFound) {
			t, err = b.ticketQuoted(ctx, m)
		}
	}
	if errors.Is(err, escalation.ErrNotFound) {
		b.outsideTicket(ctx, m, command)
		return
	}
	if err != nil {
		b.log.Error("finding the ticket failed", "support_chat_id", m.Chat.ID, "err", err)
		return
	}
	agent := escalation.Agent{Name: agentName(m.From), FirstName: m.From.FirstName}
	files := attachments(m)
	if len(files) == 0 && text == "" {
		return
	}
	var note string
	if len(files) > 0 && command == "" && !strings.HasPrefix(text, "//") {
		note, err = b.opt.Desk.FromSupportFiles(ctx, t, agent, text, files)
	} else {
		note, err = b.opt.Desk.FromSupport(ctx, t, agent, text)
	}
	if err != nil {
		b.log.Error("handling an agent's message failed", "ticket", t.ID, "err", err)
		note = fmt.Sprintf("⚠️ 工单 #%d：处理失败，请再试一次。", t.ID)
	}
	if note != "" {
		b.toSupport(t, note)
	}
	b.log.Info("agent message", "ticket", t.ID, "agent", agent.Name, "command", command)
	b.poke()
}

// outsideTicket answers posbot's commands written in the support chat
// away from any ticket: /tickets lists the open ones, /help the commands,
// and a ticket's command says it needs a ticket. Chatter is left alone.
func (b *Bot) outsideTicket(ctx context.Context, m *models.Message, command string) {
	var text string
	switch command {
	case "":
		return
	case "tickets":
		text = b.openTickets(ctx)
	case "help":
		text = escalation.AgentHelp + "\n在群里任何地方：/tickets 列出未关闭的工单。"
	case "close", "note", "claim", "unclaim", "kb", "reopen", "block", "unblock":
		text = "/" + command + " 要在工单的话题里发送，或回复工单的消息。"
	default:
		return
	}
	params := bot.SendMessageParams{ChatID: m.Chat.ID}
	if m.IsTopicMessage {
		params.MessageThreadID = m.MessageThreadID
	}
	params.ReplyParameters = &models.ReplyParameters{MessageID: m.ID, AllowSendingWithoutReply: true}
	b.queue(params, text, "", nil)
	b.poke()
}

// incident runs /incident from anywhere in the support chat, answers in
// place, and sends the notices an ending incident owes merchants.
func (b *Bot) incident(ctx context.Context, m *models.Message, text string) {
	_, args, _ := strings.Cut(text, " ")
	note, notices, err := b.opt.Desk.Incident(ctx, escalation.Agent{Name: agentName(m.From), FirstName: m.From.FirstName}, strings.TrimSpace(args))
	if err != nil {
		b.log.Error("incident command failed", "err", err)
		note = "⚠️ 事件命令失败，请再试一次。"
	}
	b.SendNotices(notices)
	params := bot.SendMessageParams{ChatID: m.Chat.ID, ReplyParameters: &models.ReplyParameters{MessageID: m.ID, AllowSendingWithoutReply: true}}
	if m.IsTopicMessage {
		params.MessageThreadID = m.MessageThreadID
	}
	b.queue(params, note, "", nil)
	b.poke()
}

// SendNotices sends notices to Telegram merchants through the paced
// outbox; other channels' are not Telegram's to send.
func (b *Bot) SendNotices(ns []escalation.Notice) {
	for _, n := range ns {
		id, ok := strings.CutPrefix(n.Merchant, channel+":")
		if !ok {
			continue
		}
		chat, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			continue
		}
		b.send(chat, n.Text, nil)
	}
}

// openTickets lists the open tickets for /tickets: age, who claimed each,
// and a link to its card.
func (b *Bot) openTickets(ctx context.Context) string {
	ts, err := b.opt.Tickets.Tickets(ctx, escalation.StatusOpen, 50)
	if err != nil {
		b.log.Error("listing open tickets failed", "err", err)
		return "⚠️ 读取工单失败，请稍后再试。"
	}
	if len(ts) == 0 {
		return "没有未关闭的工单。"
	}
	var lines []string
	lines = append(lines, fmt.Sprintf("未关闭的工单（%d）：", len(ts)))
	now := time.Now()
	for _, t := range ts {
		who := t.Assignee
		if who == "" {
			who = "未认领"
		}
		line := fmt.Sprintf("#%d · %s · %s · %s", t.ID, age(now.Sub(t.CreatedAt)), who, t.Topic)
		if _, card, err := b.opt.Tickets.SupportPlace(ctx, t.ID); err == nil && card != 0 {
			line += " · " + messageLink(b.opt.SupportChatID, card)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// age says how long ago, roughly: "5分钟", "3小时", "2天".
func age(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%d分钟", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d小时", int(d.Hours()))
	}
	return fmt.Sprintf("%d天", int(d.Hours()/24))
}

// messageLink links to a message in a supergroup: t.me/c/<id>/<message>,
// the id without its -100 prefix.
func messageLink(chatID int64, messageID int) string {
	id := strconv.FormatInt(chatID, 10)
	id = strings.TrimPrefix(id, "-100")
	return fmt.Sprintf("https://t.me/c/%s/%d", id, messageID)
}

// toSupport sends a note about t into the support chat, where agents see it
// next to the ticket. It is a courtesy, not part of the ticket's record.
func (b *Bot) toSupport(t *escalation.Ticket, text string) {
	params := bot.SendMessageParams{ChatID: b.opt.SupportChatID}
	b.threadOf(context.Background(), t, &params)
	b.queue(params, text, "", nil)
}

// threadOf places a message about t next to the ticket: in its forum topic,
// or as a reply to its card.
func (b *Bot) threadOf(ctx context.Context, t *escalation.Ticket, p *bot.SendMessageParams) {
	thread, card, err := b.opt.Tickets.SupportPlace(ctx, t.ID)
	if err != nil {
		b.log.Warn("reading where a ticket lives failed", "ticket", t.ID, "err", err)
	}
	switch {
	case thread != 0:
		p.MessageThreadID = thread
	case card != 0:
		p.ReplyParameters = &models.ReplyParameters{MessageID: card, AllowSendingWithoutReply: true}
	}
}

// Kick makes the ticket outbox look for deliveries now, after a change
// made outside a Telegram update (the desk's sweep).
func (b *Bot) Kick() { b.poke() }

func (b *Bot) poke() {
	if b.tickets != nil {
		b.tickets.Kick()
	}
}

// cardFooter tells agents how to answer a ticket from Telegram.
const cardFooter = "回复本消息（论坛群里在本话题内发言）即转给商户；发送 /close 关闭工单。"

// Send puts one of a ticket's deliveries into Telegram, paced with every
// other request, for the escalation outbox. A text too long for one message
// goes as numbered parts, in order, each a paced request of its own; the
// delivery is sent when its last part is. Errors say what to do next: a 429
// is a RetryAfter, Telegram's final answers are Permanent.
func (b *Bot) Send(ctx context.Context, d escalation.Delivery, t *escalation.Ticket) (escalation.Sent, error) {
	chat, ok := chatOf(t.Merchant)
	if !ok && d.Kind == escalation.KindToMerchant {
		return escalation.Sent{}, escalation.ErrNotMine
	}
	if d.Kind != escalation.KindToMerchant {
		if b.opt.SupportChatID == 0 {
			// Kept for when a support chat is configured.
			return escalation.Sent{}, &escalation.RetryAfter{Wait: time.Hour, Err: errors.New("SUPPORT_CHAT_ID not set")}
		}
		chat = b.opt.SupportChatID
	}
	if d.Kind == escalation.KindCardUpdate {
		return escalation.Sent{}, b.editCard(ctx, d, t)
	}
	if d.Kind == escalation.KindToGeneral {
		// Outside the ticket's thread: a link leads to its card.
		if _, card, err := b.opt.Tickets.SupportPlace(ctx, t.ID); err == nil && card != 0 {
			d.Text += "\n" + messageLink(b.opt.SupportChatID, card)
		}
	}
	parts := deliveryParts(d, t)
	params := bot.SendMessageParams{ChatID: chat}
	sendPart := func(ctx context.Context, i int) (int, error) {
		if i == 0 {
			// The place is settled as the first part goes: after the
			// ticket's earlier deliveries, such as its card.
			if err := b.place(ctx, d, t, &params); err != nil {
				return 0, err
			}
		}
		p := params
		p.Text = parts[i]
		if i == len(parts)-1 {
			p.ReplyMarkup = buttons(d.Buttons)
		}
		m, err := b.api.SendMessage(ctx, &p)
		if err != nil {
			return 0, err
		}
		return m.ID, nil
	}
	var ids []int
	for i := range parts {
		id, err := b.paced(ctx, chat, "delivery:"+string(d.Kind), func(ctx context.Context) (int, error) { return sendPart(ctx, i) })
		// A later part is tried again here, not the whole delivery, which
		// would repeat the parts already in the chat.
		for try := 1; err != nil && i > 0 && try <= partTries && !permanent(err) && ctx.Err() == nil; try++ {
			var tooMany *bot.TooManyRequestsError
			wait := sendRetry.After(try)
			if errors.As(err, &tooMany) {
				wait = 0 // the paced queue holds the chat back for retry_after itself
			}
			select {
			case <-ctx.Done():
			case <-time.After(wait):
				id, err = b.paced(ctx, chat, "delivery:"+string(d.Kind), func(ctx context.Context) (int, error) { return sendPart(ctx, i) })
			}
		}
		if err != nil {
			if i > 0 {
				b.log.Warn("a ticket's message stopped part way", "ticket", t.ID, "delivery", d.ID, "parts_sent", i, "parts", len(parts), "err", err)
			}
			return escalation.Sent{}, deliveryError(err)
		}
		ids = append(ids, id)
		if d.Kind != escalation.KindToMerchant && len(parts) > 1 {
			b.rememberPart(context.WithoutCancel(ctx), t.ID, id)
		}
	}
	if len(d.Attachments) > 0 {
		copies, err := b.relayFiles(ctx, chat, params, d.Attachments)
		if err != nil {
			return escalation.Sent{}, deliveryError(err)
		}
		if d.Kind != escalation.KindToMerchant {
			for _, id := range copies {
				b.rememberPart(context.WithoutCancel(ctx), t.ID, id)
			}
		}
	}
	if d.Kind == escalation.KindToMerchant {
		return escalation.Sent{}, nil
	}
	// The first part is the one recorded as the delivery's (a card's
	// fields); every part was remembered as it went.
	return escalation.Sent{Chat: b.opt.SupportChatID, Message: ids[0]}, nil
}

// relayFiles copies attachments into chat, in the place p was sent to
// (the ticket's topic), an album as one group; it returns the new message
// ids. A file whose original is gone is sent again by its file_id.
func (b *Bot) relayFiles(ctx context.Context, chat int64, p bot.SendMessageParams, as []escalation.Attachment) ([]int, error) {
	var ids []int
	var from int64
	var batch []int
	var batchFiles []escalation.Attachment
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := b.paced(ctx, chat, "copyMessages", func(ctx context.Context) (int, error) {
			copied, err := b.api.CopyMessages(ctx, &bot.CopyMessagesParams{ChatID: chat, MessageThreadID: p.MessageThreadID, FromChatID: from, MessageIDs: batch})
			for _, c := range copied {
				ids = append(ids, c.ID)
			}
			return len(copied), err
		})
		if err != nil && permanent(err) {
			// The originals are gone (deleted, or the chat is): send the
			// files again by their ids.
			for _, a := range batchFiles {
				id, err := b.paced(ctx, chat, "sendFile", func(ctx context.Context) (int, error) { return b.sendFile(ctx, chat, p.MessageThreadID, a) })
				if err != nil {
					return err
				}
				if id != 0 {
					ids = append(ids, id)
				}
			}
			err = nil
		}
		batch, batchFiles = nil, nil
		return err
	}
	for _, a := range as {
		if a.Chat == 0 || a.Message == 0 {
			continue
		}
		if a.Chat != from {
			if err := flush(); err != nil {
				return ids, err
			}
			from = a.Chat
		}
		if !slices.Contains(batch, a.Message) {
			batch = append(batch, a.Message)
			batchFiles = append(batchFiles, a)
		}
	}
	return ids, flush()
}

// sendFile sends one attachment again by its file_id.
func (b *Bot) sendFile(ctx context.Context, chat int64, thread int, a escalation.Attachment) (int, error) {
	file := &models.InputFileString{Data: a.Ref}
	var m *models.Message
	var err error
	switch a.Kind {
	case escalation.AttachPhoto:
		m, err = b.api.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: chat, MessageThreadID: thread, Photo: file})
	case escalation.AttachVoice:
		m, err = b.api.SendVoice(ctx, &bot.SendVoiceParams{ChatID: chat, MessageThreadID: thread, Voice: file})
	case escalation.AttachVideo:
		m, err = b.api.SendVideo(ctx, &bot.SendVideoParams{ChatID: chat, MessageThreadID: thread, Video: file})
	case escalation.AttachFile:
		m, err = b.api.SendDocument(ctx, &bot.SendDocumentParams{ChatID: chat, MessageThreadID: thread, Document: file})
	default:
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}

// editCard puts the card's new text (who claimed it) in place of the old;
// a card not posted yet has nothing to edit.
func (b *Bot) editCard(ctx context.Context, d escalation.Delivery, t *escalation.Ticket) error {
	_, card, err := b.opt.Tickets.SupportPlace(ctx, t.ID)
	if err != nil || card == 0 {
		return err
	}
	text := split(d.Text+"\n"+cardFooter, maxText, "> ")[0]
	_, err = b.paced(ctx, b.opt.SupportChatID, "delivery:card_update", func(ctx context.Context) (int, error) {
		_, err := b.api.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: b.opt.SupportChatID, MessageID: card, Text: text})
		return card, err
	})
	if err != nil && strings.Contains(err.Error(), "message is not modified") {
		return nil
	}
	if err != nil {
		return deliveryError(err)
	}
	return nil
}

// partTries is how often a later part of a delivery is tried before the
// whole delivery is left to the outbox's retry.
const partTries = 8

// deliveryParts is d's text as Telegram messages: the card with how to
// answer it, the merchant's words quoted, each split to Telegram's limit.
func deliveryParts(d escalation.Delivery, t *escalation.Ticket) []string {
	text, cont := d.Text, "> "
	switch d.Kind {
	case escalation.KindToMerchant:
		cont = ""
	case escalation.KindCard:
		text += "\n" + cardFooter
	}
	return split(text, maxText, cont)
}

// deliveryError says what the outbox should do after err.
func deliveryError(err error) error {
	var tooMany *bot.TooManyRequestsError
	switch {
	case errors.As(err, &tooMany):
		return &escalation.RetryAfter{Wait: time.Duration(max(tooMany.RetryAfter, 1)) * time.Second, Err: err}
	case permanent(err):
		return &escalation.Permanent{Err: err}
	}
	return err
}

// paced runs send once in chat's paced queue and waits for it. If ctx ends
// before the request starts it is abandoned; once started it is waited for,
// so that a message sent is always known to be.
func (b *Bot) paced(ctx context.Context, chat int64, what string, send func(ctx context.Context) (int, error)) (int, error) {
	var mu sync.Mutex
	started, abandoned := false, false
	type result struct {
		id  int
		err error
	}
	done := make(chan result, 1)
	b.out.EnqueueOnce(chat, what, func(rctx context.Context) error {
		mu.Lock()
		if abandoned {
			mu.Unlock()
			return nil
		}
		started = true
		mu.Unlock()
		id, err := send(rctx)
		done <- result{id, err}
		return err
	})
	select {
	case r := <-done:
		return r.id, r.err
	case <-ctx.Done():
		mu.Lock()
		if !started {
			abandoned = true
			mu.Unlock()
			return 0, ctx.Err()
		}
		mu.Unlock()
		r := <-done
		return r.id, r.err
	}
}

// rememberPart records a part of a long ticket message posted into the
// support chat, beyond the first that Delivered records, so that an agent's
// reply to any part finds the ticket.
func (b *Bot) rememberPart(ctx context.Context, ticketID int64, messageID int) {
	if err := b.opt.Tickets.RecordSupportMessage(ctx, ticketID, b.opt.SupportChatID, messageID); err != nil {
		b.log.Error("remembering a ticket's message failed", "ticket", ticketID, "message_id", messageID, "err", err)
	}
}

// place puts a delivery where it belongs: a merchant's chat as it is; the
// card in the ticket's forum topic, made now if need be; anything else next
// to the ticket.
func (b *Bot) place(ctx context.Context, d escalation.Delivery, t *escalation.Ticket, p *bot.SendMessageParams) error {
	switch d.Kind {
	case escalation.KindToMerchant, escalation.KindToGeneral:
	case escalation.KindCard:
		if !b.forum {
			return nil
		}
		thread, _, err := b.opt.Tickets.SupportPlace(ctx, t.ID)
		if err != nil {
			return err
		}
		if thread == 0 {
			// Topic names are limited to 128 characters.
			topic, err := b.api.CreateForumTopic(ctx, &bot.CreateForumTopicParams{ChatID: b.opt.SupportChatID, Name: topicName(t)})
			if err != nil {
				return err
			}
			if err := b.opt.Tickets.SetSupportThread(context.WithoutCancel(ctx), t.ID, b.opt.SupportChatID, topic.MessageThreadID); err != nil {
				return err
			}
			thread = topic.MessageThreadID
		}
		p.MessageThreadID = thread
	default:
		b.threadOf(ctx, t, p)
	}
	return nil
}

// NotifySupport posts a note for the support team, such as a knowledge
// edit that failed validation. Without a support chat it does nothing.
func (b *Bot) NotifySupport(text string) {
	if b.opt.SupportChatID == 0 {
		return
	}
	b.queue(bot.SendMessageParams{ChatID: b.opt.SupportChatID}, text, "", nil)
}

// topicName names a ticket's forum topic: Telegram allows 128 characters.
func topicName(t *escalation.Ticket) string {
	name := strings.TrimSpace(fmt.Sprintf("#%d %s %s", t.ID, t.Topic, t.Merchant.Name))
	if r := []rune(name); len(r) > 128 {
		name = string(r[:128])
	}
	return strings.TrimSpace(name)
}

// cardNumber finds the ticket number on a card or relay posbot posted.
var cardNumber = regexp.MustCompile(`工单 #([0-9]+)`)

// ticketQuoted finds the ticket of a reply to one of posbot's own messages
// whose id was never recorded: a copy of a card sent again after a crash
// between Telegram accepting it and the database hearing so. The replied
// message's text names the ticket; the message is remembered from now on.
func (b *Bot) ticketQuoted(ctx context.Context, m *models.Message) (*escalation.Ticket, error) {
	r := m.ReplyToMessage
	if r == nil || r.From == nil || !r.From.IsBot || strings.ToLower(r.From.Username) != b.username {
		return nil, escalation.ErrNotFound
	}
	g := cardNumber.FindStringSubmatch(r.Text)
	if g == nil {
		return nil, escalation.ErrNotFound
	}
	id, err := strconv.ParseInt(g[1], 10, 64)
	if err != nil {
		return nil, escalation.ErrNotFound
	}
	t, err := b.opt.Tickets.Ticket(ctx, id)
	if err != nil {
		return nil, err
	}
	b.rememberPart(ctx, t.ID, r.ID)
	return t, nil
}
