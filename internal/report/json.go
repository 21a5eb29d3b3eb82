package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report as indented JSON. encoding/json escapes <, > and & so the
// output is safe to embed in HTML.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
