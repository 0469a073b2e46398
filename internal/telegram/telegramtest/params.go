package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxBodySize mirrors Telegram's 50 MB upload limit.
const maxBodySize = 50 << 20

// readParams normalises the request parameters into a flat map, the way the
// Bot API sees them: the query string first, then the body in any of the three
// encodings Telegram accepts. The returned map is never nil.
func readParams(r *http.Request) (map[string]string, error) {
	params := make(map[string]string)
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}

	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodySize+1))
	if err != nil {
		return params, badRequest("can't read request body: " + err.Error())
	}
	if len(body) > maxBodySize {
		return params, Failure{Status: http.StatusRequestEntityTooLarge, Description: "Request Entity Too Large"}
	}
	// go-telegram/bot sends an empty multipart body for parameterless methods
	// such as getMe, which is not a valid multipart message.
	if len(bytes.TrimSpace(body)) == 0 {
		return params, nil
	}

	mediaType, mediaParams, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return params, badRequest("invalid Content-Type: " + err.Error())
	}
	switch mediaType {
	case "multipart/form-data":
		err = readMultipart(body, mediaParams["boundary"], params)
	case "application/json":
		err = readJSON(body, params)
	case "application/x-www-form-urlencoded":
		err = readForm(body, params)
	default:
		err = fmt.Errorf("unsupported Content-Type %q", mediaType)
	}
	if err != nil {
		return params, badRequest(err.Error())
	}
	return params, nil
}

// readMultipart stores every part under its field name. File parts are stored
// with their content, which is what a test asserting on an upload wants.
func readMultipart(body []byte, boundary string, params map[string]string) error {
	if boundary == "" {
		return errors.New("multipart body without boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("can't parse multipart body: %w", err)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return fmt.Errorf("can't read multipart field %q: %w", part.FormName(), err)
		}
		if name := part.FormName(); name != "" {
			params[name] = string(data)
		}
	}
}

func readForm(body []byte, params map[string]string) error {
	values, err := url.ParseQuery(string(body))
	if err != nil {
		return fmt.Errorf("can't parse form body: %w", err)
	}
	for k, v := range values {
		params[k] = v[0]
	}
	return nil
}

// readJSON flattens a JSON object: scalars become their string form and
// objects or arrays are re-marshalled, matching what a multipart client sends.
func readJSON(body []byte, params map[string]string) error {
	if !json.Valid(body) {
		return errors.New("can't parse JSON body")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	// UseNumber keeps large ids such as -1001234567890 exact.
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return errors.New("JSON body must be an object")
	}
	for k, v := range obj {
		switch v := v.(type) {
		case nil:
			// Telegram treats null like an absent parameter.
		case string:
			params[k] = v
		case json.Number:
			params[k] = v.String()
		case bool:
			params[k] = strconv.FormatBool(v)
		default:
			s, err := marshalCompact(v)
			if err != nil {
				return err
			}
			params[k] = s
		}
	}
	return nil
}

// marshalCompact marshals v without HTML escaping, so that a reply_markup sent
// as JSON reads the same in the recorded params as the test wrote it.
func marshalCompact(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}
