// Package prompts embeds the shipped LLM templates, used when PROMPTS_DIR
// does not exist on disk.
package prompts

import "embed"

// FS holds the *.tmpl files of this folder.
//
//go:embed *.tmpl
var FS embed.FS
