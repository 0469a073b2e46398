package telegramtest

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

const (
	// maxMessageLength is Telegram's limit for a message text, in UTF-16 units.
	maxMessageLength = 4096
	// defaultTopicColor is the icon colour Telegram picks when none is given.
	defaultTopicColor = 0x6FB9F0
)

func (s *Server) builtinHandlers() map[string]handler {
	fns := map[string]HandlerFunc{
		"getMe":                  s.getMe,
		"getUpdates":             s.getUpdates,
		"sendMessage":            s.sendMessage,
		"editMessageText":        s.editMessageText,
		"editMessageReplyMarkup": s.editMessageReplyMarkup,
		"answerCallbackQuery":    s.answerCallbackQuery,
		"sendChatAction":         s.sendChatAction,
		"setWebhook":             s.setWebhook,
		"deleteWebhook":          s.deleteWebhook,
		"getWebhookInfo":         s.getWebhookInfo,
		"createForumTopic":       s.createForumTopic,
		"closeForumTopic":        s.closeForumTopic,
		"getChatMember":          s.getChatMember,
		"setMyCommands":          s.setMyCommands,
		"copyMessages":           s.copyMessages,
		"copyMessage":            s.copyMessage,
		"sendPhoto":              s.sendFile("photo"),
		"sendDocument":           s.sendFile("document"),
		"sendVoice":              s.sendFile("voice"),
		"sendVideo":              s.sendFile("video"),
	}
	out := make(map[string]handler, len(fns))
	for name, fn := range fns {
		// Bot API method names are case-insensitive.
		out[strings.ToLower(name)] = handler{name: name, fn: fn}
	}
	return out
}

func (s *Server) getMe(context.Context, map[string]string) (any, error) {
	return s.me, nil
}

// getUpdates implements long polling: it answers at once when updates are
// pending or no timeout was asked for, and otherwise parks until an update is
// pushed, the timeout passes, the client gives up or the server closes.
func (s *Server) getUpdates(ctx context.Context, p map[string]string) (any, error) {
	offset, err := intParam(p, "offset")
	if err != nil {
		return nil, err
	}
	limit, err := intParam(p, "limit")
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 100 {
		limit = 100 // Telegram clamps to 1..100 with a default of 100
	}
	timeout, err := intParam(p, "timeout")
	if err != nil {
		return nil, err
	}

	var expired <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		expired = t.C
	}

	s.mu.Lock()
	if s.webhook.URL != "" {
		s.mu.Unlock()
		return nil, Failure{
			Status:      http.StatusConflict,
			Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
		}
	}
	s.confirm(offset)
	for len(s.queue) == 0 && expired != nil {
		wake := s.wake
		s.mu.Unlock()
		select {
		case <-wake:
		case <-expired:
			expired = nil
		case <-s.done:
			expired = nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		s.mu.Lock()
	}
	result := s.pendingJSON(int(limit))
	s.mu.Unlock()
	return result, nil
}

func (s *Server) sendMessage(_ context.Context, p map[string]string) (any, error) {
	chatID, err := chatParam(p)
	if err != nil {
		return nil, err
	}
	text := p["text"]
	if strings.TrimSpace(text) == "" {
		return nil, badRequest("message text is empty")
	}
	// With a parse mode the limit applies to the text after markup is
	// stripped, which this fake does not parse, so only plain text is checked.
	if p["parse_mode"] == "" && utf16Len(text) > maxMessageLength {
		return nil, badRequest("message is too long")
	}
	thread, err := intParam(p, "message_thread_id")
	if err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	msg := models.Message{
		ID:              s.nextMsg,
		MessageThreadID: int(thread),
		IsTopicMessage:  thread != 0,
		From:            s.botUser(),
		Date:            int(time.Now().Unix()),
		Chat:            chatOf(chatID),
		Text:            text,
		ReplyMarkup:     inlineKeyboard(p),
	}
	s.nextMsg++
	s.messages[messageKey{chatID, msg.ID}] = msg
	return msg, nil
}

func (s *Server) editMessageText(_ context.Context, p map[string]string) (any, error) {
	text := p["text"]
	if strings.TrimSpace(text) == "" {
		return nil, badRequest("message text is empty")
	}
	return s.edit(p, func(m *models.Message) {
		m.Text = text
		// Like Telegram, an edit without reply_markup drops the keyboard.
		m.ReplyMarkup = inlineKeyboard(p)
	})
}

func (s *Server) editMessageReplyMarkup(_ context.Context, p map[string]string) (any, error) {
	return s.edit(p, func(m *models.Message) {
		m.ReplyMarkup = inlineKeyboard(p)
	})
}

// edit applies change to a message the server knows (so the reply carries its
// text), or to a stub when the test refers to a message it never sent.
func (s *Server) edit(p map[string]string, change func(*models.Message)) (any, error) {
	if p["inline_message_id"] != "" {
		// Telegram answers true for inline messages: it has no Message to return.
		return true, nil
	}
	chatID, err := chatParam(p)
	if err != nil {
		return nil, err
	}
	msgID, err := intParam(p, "message_id")
	if err != nil {
		return nil, err
	}
	if msgID <= 0 {
		return nil, badRequest("message identifier is not specified")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	key := messageKey{chatID, int(msgID)}
	msg, ok := s.messages[key]
	if !ok {
		msg = models.Message{
			ID:   int(msgID),
			From: s.botUser(),
			Date: int(time.Now().Unix()),
			Chat: chatOf(chatID),
		}
	}
	change(&msg)
	msg.EditDate = int(time.Now().Unix())
	s.messages[key] = msg
	return msg, nil
}

func (s *Server) answerCallbackQuery(_ context.Context, p map[string]string) (any, error) {
	if p["callback_query_id"] == "" {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	return true, nil
}

func (s *Server) sendChatAction(_ context.Context, p map[string]string) (any, error) {
	if _, err := chatParam(p); err != nil {
		return nil, err
	}
	if p["action"] == "" {
		return nil, badRequest("wrong parameter action in request")
	}
	return true, nil
}

func (s *Server) setWebhook(_ context.Context, p map[string]string) (any, error) {
	info := models.WebhookInfo{
		URL:                  p["url"],
		HasCustomCertificate: p["certificate"] != "",
		IPAddress:            p["ip_address"],
		MaxConnections:       40, // Telegram's default
	}
	maxConn, err := intParam(p, "max_connections")
	if err != nil {
		return nil, err
	}
	if maxConn > 0 {
		info.MaxConnections = int(maxConn)
	}
	if raw := p["allowed_updates"]; raw != "" {
		if err := json.Unmarshal([]byte(raw), &info.AllowedUpdates); err != nil {
			return nil, badRequest("can't parse allowed updates JSON object")
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if boolParam(p, "drop_pending_updates") {
		s.queue = nil
	}
	if info.URL == "" {
		// An empty URL removes the webhook, as in the real API.
		info = models.WebhookInfo{}
	}
	s.webhook = info
	return true, nil
}

func (s *Server) deleteWebhook(_ context.Context, p map[string]string) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if boolParam(p, "drop_pending_updates") {
		s.queue = nil
	}
	s.webhook = models.WebhookInfo{}
	return true, nil
}

func (s *Server) getWebhookInfo(context.Context, map[string]string) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := s.webhook
	info.AllowedUpdates = append([]string(nil), s.webhook.AllowedUpdates...)
	info.PendingUpdateCount = len(s.queue)
	return info, nil
}

// createForumTopic draws the thread id from the message counter because in
// Telegram a topic's id is the id of the service message that created it, so
// thread and message ids never collide within a chat.
func (s *Server) createForumTopic(_ context.Context, p map[string]string) (any, error) {
	if _, err := chatParam(p); err != nil {
		return nil, err
	}
	name := p["name"]
	if strings.TrimSpace(name) == "" {
		return nil, badRequest("topic name is empty")
	}
	color, err := intParam(p, "icon_color")
	if err != nil {
		return nil, err
	}
	if color == 0 {
		color = defaultTopicColor
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	topic := models.ForumTopic{
		MessageThreadID:   s.nextMsg,
		Name:              name,
		IconColor:         int(color),
		IconCustomEmojiID: p["icon_custom_emoji_id"],
	}
	s.nextMsg++
	return topic, nil
}

func (s *Server) closeForumTopic(_ context.Context, p map[string]string) (any, error) {
	if _, err := chatParam(p); err != nil {
		return nil, err
	}
	thread, err := intParam(p, "message_thread_id")
	if err != nil {
		return nil, err
	}
	if thread <= 0 {
		return nil, badRequest("message thread not found")
	}
	return true, nil
}

func (s *Server) getChatMember(_ context.Context, p map[string]string) (any, error) {
	chatID, err := chatParam(p)
	if err != nil {
		return nil, err
	}
	userID, err := intParam(p, "user_id")
	if err != nil {
		return nil, err
	}
	if userID <= 0 {
		return nil, badRequest("invalid user_id specified")
	}

	s.mu.Lock()
	status, ok := s.members[memberKey{chatID, userID}]
	user := models.User{ID: userID, FirstName: "Merchant", Username: "m" + strconv.FormatInt(userID, 10)}
	if userID == s.me.ID {
		user = s.me
	}
	s.mu.Unlock()
	if !ok {
		status = models.ChatMemberTypeMember
	}
	return chatMember(status, user)
}

func (s *Server) setMyCommands(_ context.Context, p map[string]string) (any, error) {
	var commands []models.BotCommand
	if err := json.Unmarshal([]byte(p["commands"]), &commands); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	return true, nil
}

// chatMember builds the ChatMember variant for status. It returns a pointer
// because models.ChatMember only marshals through its pointer receiver.
func chatMember(status models.ChatMemberType, user models.User) (*models.ChatMember, error) {
	m := &models.ChatMember{Type: status}
	switch status {
	case models.ChatMemberTypeOwner:
		m.Owner = &models.ChatMemberOwner{User: &user}
	case models.ChatMemberTypeAdministrator:
		// Rights of a typical support-group admin; tests needing others can
		// override getChatMember with Handle.
		m.Administrator = &models.ChatMemberAdministrator{
			User:                user,
			CanManageChat:       true,
			CanDeleteMessages:   true,
			CanManageVideoChats: true,
			CanRestrictMembers:  true,
			CanChangeInfo:       true,
			CanInviteUsers:      true,
			CanPinMessages:      true,
			CanManageTopics:     true,
		}
	case models.ChatMemberTypeMember:
		m.Member = &models.ChatMemberMember{User: &user}
	case models.ChatMemberTypeRestricted:
		m.Restricted = &models.ChatMemberRestricted{User: &user, IsMember: true}
	case models.ChatMemberTypeLeft:
		m.Left = &models.ChatMemberLeft{User: &user}
	case models.ChatMemberTypeBanned:
		m.Banned = &models.ChatMemberBanned{User: &user}
	default:
		return nil, Failure{
			Status:      http.StatusInternalServerError,
			Description: "Internal Server Error: telegramtest has no member status " + strconv.Quote(string(status)),
		}
	}
	return m, nil
}

// botUser returns a fresh copy so that replies never share the server's value.
func (s *Server) botUser() *models.User {
	me := s.me
	return &me
}

// chatOf follows Telegram's id convention: users have positive ids, groups
// negative ones. Supergroup is the group kind a support bot deals with.
func chatOf(chatID int64) models.Chat {
	if chatID > 0 {
		return models.Chat{ID: chatID, Type: models.ChatTypePrivate}
	}
	return models.Chat{ID: chatID, Type: models.ChatTypeSupergroup}
}

// inlineKeyboard echoes reply_markup when it is an inline keyboard: that is
// the only kind of markup Telegram reports back on a Message.
func inlineKeyboard(p map[string]string) *models.InlineKeyboardMarkup {
	raw := p["reply_markup"]
	if raw == "" {
		return nil
	}
	var m models.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(raw), &m); err != nil || m.InlineKeyboard == nil {
		return nil
	}
	return &m
}

// chatParam returns the required chat_id. Only numeric ids are supported: a
// support bot never addresses chats by @username.
func chatParam(p map[string]string) (int64, error) {
	v := p["chat_id"]
	if v == "" {
		return 0, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id == 0 {
		return 0, ChatNotFound()
	}
	return id, nil
}

// intParam returns an optional integer parameter, 0 when absent.
func intParam(p map[string]string, key string) (int64, error) {
	v, ok := p[key]
	if !ok || v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, badRequest("invalid " + key + " specified")
	}
	return n, nil
}

func boolParam(p map[string]string, key string) bool {
	b, _ := strconv.ParseBool(p[key])
	return b
}

func utf16Len(s string) int {
	return len(utf16.Encode([]rune(s)))
}

// copyMessages copies messages by id from one chat into another (a topic
// with message_thread_id) and returns the new ids, in order, as Telegram
// does. The fake keeps no record of what merchants sent, so any source id
// is taken; a test injects a failure for a source that is gone.
func (s *Server) copyMessages(_ context.Context, p map[string]string) (any, error) {
	chatID, err := chatParam(p)
	if err != nil {
		return nil, err
	}
	if p["from_chat_id"] == "" {
		return nil, badRequest("from_chat_id is empty")
	}
	var ids []int
	if err := json.Unmarshal([]byte(p["message_ids"]), &ids); err != nil || len(ids) == 0 || len(ids) > 100 {
		return nil, badRequest("message_ids must be 1-100 message identifiers")
	}
	thread, err := intParam(p, "message_thread_id")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]models.MessageID, 0, len(ids))
	for range ids {
		msg := models.Message{ID: s.nextMsg, MessageThreadID: int(thread), IsTopicMessage: thread != 0, From: s.botUser(),
			Date: int(time.Now().Unix()), Chat: chatOf(chatID)}
		s.nextMsg++
		s.messages[messageKey{chatID, msg.ID}] = msg
		out = append(out, models.MessageID{ID: msg.ID})
	}
	return out, nil
}

func (s *Server) copyMessage(ctx context.Context, p map[string]string) (any, error) {
	p["message_ids"] = "[" + p["message_id"] + "]"
	out, err := s.copyMessages(ctx, p)
	if err != nil {
		return nil, err
	}
	return out.([]models.MessageID)[0], nil
}

// sendFile sends a photo, document, voice note or video given by file_id.
func (s *Server) sendFile(field string) HandlerFunc {
	return func(_ context.Context, p map[string]string) (any, error) {
		chatID, err := chatParam(p)
		if err != nil {
			return nil, err
		}
		if p[field] == "" {
			return nil, badRequest("there is no " + field + " in the request")
		}
		thread, err := intParam(p, "message_thread_id")
		if err != nil {
			return nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		msg := models.Message{ID: s.nextMsg, MessageThreadID: int(thread), IsTopicMessage: thread != 0, From: s.botUser(),
			Date: int(time.Now().Unix()), Chat: chatOf(chatID), Caption: p["caption"]}
		s.nextMsg++
		s.messages[messageKey{chatID, msg.ID}] = msg
		return msg, nil
	}
}
