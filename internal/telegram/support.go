package telegram

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/escalation"

	"github.com/posbot/posbot/internal/backoff"
)

// merchant converts a Telegram user to posbot's Merchant.
func merchant(u *models.User, chatID int64) escalation.Merchant {
	name := strings.TrimSpace(u.FirstName + " " + u.LastName)
	return escalation.Merchant{ChatID: chatID, UserID: u.ID, Name: name, Username: u.Username, Lang: assistant.LangOf(u.LanguageCode)}
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
// agents' other chatter is left alone. Telegram delivers group messages only
// from the group's members, so whoever writes here is an agent.
func (b *Bot) onAgent(ctx context.Context, m *models.Message) {
	thread := 0
	if m.IsTopicMessage {
		thread = m.MessageThreadID
	}
	replyTo := 0
	if m.ReplyToMessage != nil && m.ReplyToMessage.ID != thread {
		replyTo = m.ReplyToMessage.ID
	}
	if thread == 0 && replyTo == 0 {
		return
	}
	t, err := b.opt.Tickets.TicketForSupport(ctx, m.Chat.ID, thread, replyTo)
	if errors.Is(err, escalation.ErrNotFound) {
		return
	}
	if err != nil {
		b.log.Error("finding the ticket failed", "support_chat_id", m.Chat.ID, "err", err)
		return
	}
	text := m.Text
	if text == "" {
		text = m.Caption
	}
	if strings.TrimSpace(text) == "" {
		return
	}
	agent := agentName(m.From)
	if word := strings.Fields(text)[0]; strings.HasPrefix(word, "/") {
		name, target, addressed := strings.Cut(strings.ToLower(word[1:]), "@")
		if addressed && target != b.username {
			return
		}
		if name == "close" {
			closed, err := b.opt.Desk.Close(ctx, t, agent)
			if err != nil {
				b.log.Error("closing the ticket failed", "ticket", t.ID, "err", err)
				return
			}
			if !closed {
				b.toSupport(t, fmt.Sprintf("工单 #%d 已经关闭了。", t.ID))
			}
			b.log.Info("ticket closed", "ticket", t.ID, "agent", agent)
			b.poke()
			return
		}
	}
	if t.Status != escalation.StatusOpen {
		b.toSupport(t, fmt.Sprintf("工单 #%d 已关闭，消息没有转给商户。", t.ID))
		return
	}
	if err := b.opt.Desk.FromAgent(ctx, t, agent, text); err != nil {
		b.log.Error("relaying the agent's reply failed", "ticket", t.ID, "err", err)
		return
	}
	b.log.Info("agent replied", "ticket", t.ID, "agent", agent)
	b.poke()
}

// toSupport sends a note about t into the support chat, where agents see it
// next to the ticket. It is a courtesy, not part of the ticket's record.
func (b *Bot) toSupport(t *escalation.Ticket, text string) {
	params := &bot.SendMessageParams{ChatID: b.opt.SupportChatID, Text: text}
	b.threadOf(t, params)
	b.out.Enqueue(b.opt.SupportChatID, "sendMessage", func(ctx context.Context) error {
		_, err := b.api.SendMessage(ctx, params)
		return err
	})
}

// threadOf places a message about t next to the ticket: in its forum topic,
// or as a reply to its card.
func (b *Bot) threadOf(t *escalation.Ticket, p *bot.SendMessageParams) {
	switch {
	case t.SupportThreadID != 0:
		p.MessageThreadID = t.SupportThreadID
	case t.CardMessageID != 0:
		p.ReplyParameters = &models.ReplyParameters{MessageID: t.CardMessageID, AllowSendingWithoutReply: true}
	}
}

func (b *Bot) poke() {
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

const (
	deliveryLease = 5 * time.Minute
	deliveryPoll  = time.Second
)

// deliveryRetry spaces a ticket message's retries: at most 10 s, so a
// ticket is at most that late once the support chat is reachable again.
var deliveryRetry = backoff.Policy{First: 500 * time.Millisecond, Max: 10 * time.Second}

// deliver sends tickets' messages from the database until ctx ends. The
// database is the queue: a message is stored with the change that causes it
// and marked sent only when Telegram took it, so a restart or an outage
// delays it but never loses it.
func (b *Bot) deliver(ctx context.Context) {
	if b.opt.Tickets == nil {
		return
	}
	if b.opt.SupportChatID == 0 {
		b.log.Warn("SUPPORT_CHAT_ID is not set: tickets are kept but not sent to agents")
	}
	var mu sync.Mutex
	inflight := map[int64]bool{} // claimed and waiting in the outbox
	t := time.NewTicker(deliveryPoll)
	defer t.Stop()
	for {
		ds, err := b.opt.Tickets.Claim(ctx, b.instance, deliveryLease, 50)
		if err != nil && ctx.Err() == nil {
			b.log.Error("claiming deliveries failed", "err", err)
		}
		for _, d := range ds {
			mu.Lock()
			busy := inflight[d.ID]
			mu.Unlock()
			if busy {
				continue
			}
			if d.Kind != escalation.KindToMerchant && b.opt.SupportChatID == 0 {
				// Leave it for when a support chat is configured.
				_ = b.opt.Tickets.Retry(ctx, d.ID, time.Now().Add(time.Hour), "SUPPORT_CHAT_ID not set")
				continue
			}
			mu.Lock()
			inflight[d.ID] = true
			mu.Unlock()
			chat := d.ChatID
			if d.Kind != escalation.KindToMerchant {
				chat = b.opt.SupportChatID
			}
			b.out.EnqueueOnce(chat, "delivery:"+string(d.Kind), func(rctx context.Context) error {
				defer func() {
					mu.Lock()
					delete(inflight, d.ID)
					mu.Unlock()
					b.poke()
				}()
				return b.deliverOne(rctx, d)
			})
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-b.kick:
		}
	}
}

// deliverOne sends d and records the outcome in the database.
func (b *Bot) deliverOne(ctx context.Context, d escalation.Delivery) error {
	msgID, err := b.sendDelivery(ctx, d)
	store := context.WithoutCancel(ctx)
	var tooMany *bot.TooManyRequestsError
	switch {
	case err == nil:
		support := int64(0)
		if d.Kind != escalation.KindToMerchant {
			support = b.opt.SupportChatID
		}
		if serr := b.opt.Tickets.Delivered(store, d, support, msgID); serr != nil {
			b.log.Error("recording a delivery failed", "delivery", d.ID, "err", serr)
		}
		b.log.Info("delivered", "delivery", d.ID, "ticket", d.TicketID, "kind", string(d.Kind))
	case permanent(err):
		_ = b.opt.Tickets.Failed(store, d.ID, err.Error())
	case errors.As(err, &tooMany):
		_ = b.opt.Tickets.Retry(store, d.ID, time.Now().Add(time.Duration(max(tooMany.RetryAfter, 1))*time.Second), err.Error())
	default:
		_ = b.opt.Tickets.Retry(store, d.ID, time.Now().Add(deliveryRetry.After(d.Attempts+1)), err.Error())
	}
	return err
}

func (b *Bot) sendDelivery(ctx context.Context, d escalation.Delivery) (int, error) {
	t, err := b.opt.Tickets.Ticket(ctx, d.TicketID)
	if err != nil {
		return 0, fmt.Errorf("ticket %d: %w", d.TicketID, err)
	}
	params := &bot.SendMessageParams{Text: d.Text, ReplyMarkup: buttons(d.Buttons)}
	switch d.Kind {
	case escalation.KindToMerchant:
		params.ChatID = d.ChatID
	case escalation.KindCard:
		params.ChatID = b.opt.SupportChatID
		params.Text = escalation.Card(t, 6)
		if b.forum {
			if t.SupportThreadID == 0 {
				topic, err := b.api.CreateForumTopic(ctx, &bot.CreateForumTopicParams{ChatID: b.opt.SupportChatID, Name: escalation.TopicName(t)})
				if err != nil {
					return 0, err
				}
				if err := b.opt.Tickets.SetSupportThread(context.WithoutCancel(ctx), t.ID, b.opt.SupportChatID, topic.MessageThreadID); err != nil {
					return 0, err
				}
				t.SupportThreadID = topic.MessageThreadID
			}
			params.MessageThreadID = t.SupportThreadID
		}
	default:
		params.ChatID = b.opt.SupportChatID
		b.threadOf(t, params)
	}
	m, err := b.api.SendMessage(ctx, params)
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}

// NotifySupport posts a note for the support team, such as a knowledge
// edit that failed validation. Without a support chat it does nothing.
func (b *Bot) NotifySupport(text string) {
	if b.opt.SupportChatID == 0 {
		return
	}
	params := &bot.SendMessageParams{ChatID: b.opt.SupportChatID, Text: text}
	b.out.Enqueue(b.opt.SupportChatID, "sendMessage", func(ctx context.Context) error {
		_, err := b.api.SendMessage(ctx, params)
		return err
	})
}
