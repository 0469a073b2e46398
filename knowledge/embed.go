// Package knowledge embeds the shipped knowledge base, so that posbot runs
// anywhere without the folder; KNOWLEDGE_DIR points it at files on disk.
package knowledge

import "embed"

// FS holds this folder as it is, subfolders at any depth included; the
// loader takes what it needs from it.
//
//go:embed *
var FS embed.FS
