// Package knowledge embeds the shipped knowledge base, so that posbot runs
// anywhere without the folder; KNOWLEDGE_DIR points it at files on disk.
package knowledge

import "embed"

// FS holds the articles, response codes and synonyms of this folder.
//
//go:embed *.tsv *.txt */*.md
var FS embed.FS
