package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// frontMatter locates YAML (between "---" lines) or TOML (between "+++" lines, as Hugo and
// Zola write it) front matter in a normalised source.
type frontMatter struct {
	toml      bool   // TOML, not YAML
	yaml      []byte // the text between the fence lines
	yamlStart int    // offset of yaml in the source
	end       int    // offset just after the closing fence line
}

// findFrontMatter finds front matter: a first line "---" (or "+++"), then YAML (TOML), then
// the same fence line (trailing blanks allowed on both fences). Without a closing fence there
// is none, and the first line is left to Markdown.
func findFrontMatter(src []byte) (frontMatter, bool) {
	first, next := nextLine(src, 0)
	fence := fenceOf(first)
	if fence == "" || next > len(src) {
		return frontMatter{}, false
	}
	for off := next; off <= len(src); {
		line, after := nextLine(src, off)
		if fenceOf(line) == fence {
			return frontMatter{toml: fence == "+++", yaml: src[next:off], yamlStart: next, end: min(after, len(src))}, true
		}
		off = after
	}
	return frontMatter{}, false
}

// nextLine returns the line starting at off, without its line feed, and the offset just
// after that line feed (len(src)+1 when the line is the last and has none).
func nextLine(src []byte, off int) (line []byte, after int) {
	i := bytes.IndexByte(src[off:], '\n')
	if i < 0 {
		return src[off:], len(src) + 1
	}
	return src[off : off+i], off + i + 1
}

// fenceOf returns the front matter fence line is, "---" or "+++", or "".
func fenceOf(line []byte) string {
	switch f := string(bytes.TrimRight(line, " \t")); f {
	case "---", "+++":
		return f
	}
	return ""
}

// yamlLineRE picks the line number and message out of a yaml.v3 error.
var yamlLineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// yamlLineRefRE finds line numbers mentioned inside a yaml.v3 error message.
var yamlLineRefRE = regexp.MustCompile(`\bline (\d+)\b`)

// parseFrontMatter decodes front matter into JSON-friendly values. Empty front matter gives
// an empty map.
func parseFrontMatter(fm frontMatter, idx *lineIndex) (map[string]any, error) {
	if fm.toml {
		return parseTOML(fm, idx)
	}
	firstLine := idx.line(fm.yamlStart)
	var v any
	if err := decodeYAML(fm.yaml, &v); err != nil {
		line, msg := splitYAMLError(err)
		msg = shiftLineRefs(msg, firstLine-1)
		lastLine := idx.line(max(fm.end-1, 0))
		return nil, &PosError{
			Line:   max(1, min(firstLine+line-1, lastLine)),
			Column: 1,
			Msg:    "invalid front matter: " + msg,
		}
	}
	if v == nil {
		return map[string]any{}, nil
	}
	m, ok := plainValue(v).(map[string]any)
	if !ok {
		return nil, &PosError{
			Line:   firstLine,
			Column: 1,
			Msg:    fmt.Sprintf("front matter must be a mapping of keys to values, not %q", yamlKind(v)),
		}
	}
	return m, nil
}

// decodeYAML unmarshals YAML, turning a panic inside the YAML library into an error so that
// Parse never panics.
func decodeYAML(data []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml parser failed: %v", r)
		}
	}()
	return yaml.Unmarshal(data, v)
}

// splitYAMLError returns the 1-based line within the YAML text that err is about (1 when it
// does not say) and its message without the "yaml: " and line prefixes.
func splitYAMLError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	msg, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			return n, m[2]
		}
	}
	return 1, msg
}

// shiftLineRefs adds delta to every "line N" in msg, turning lines of the YAML text into
// lines of the file.
func shiftLineRefs(msg string, delta int) string {
	return yamlLineRefRE.ReplaceAllStringFunc(msg, func(ref string) string {
		n, err := strconv.Atoi(strings.TrimPrefix(ref, "line "))
		if err != nil {
			return ref
		}
		return "line " + strconv.Itoa(n+delta)
	})
}

// yamlKind names the kind of a decoded YAML value for error messages.
func yamlKind(v any) string {
	switch v.(type) {
	case []any:
		return "list"
	case string:
		return "string"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// plainValue converts a decoded YAML value into one encoding/json can marshal: mappings
// become map[string]any (non-string keys formatted with %v), timestamps become
// "2006-01-02" or RFC 3339 strings, and NaN and infinities become ".nan", ".inf" and "-.inf".
func plainValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = plainValue(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[fmt.Sprint(plainValue(k))] = plainValue(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plainValue(e)
		}
		return out
	case time.Time:
		return formatTime(v)
	case float64:
		return plainFloat(v)
	default:
		return v
	}
}

// formatTime formats a YAML timestamp: a bare date as "2006-01-02", anything with a time of
// day as RFC 3339.
func formatTime(t time.Time) any {
	if t.Location() == time.UTC && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// plainFloat returns f, or its YAML spelling when JSON cannot represent it.
func plainFloat(f float64) any {
	switch {
	case math.IsNaN(f):
		return ".nan"
	case math.IsInf(f, 1):
		return ".inf"
	case math.IsInf(f, -1):
		return "-.inf"
	default:
		return f
	}
}

// parseTOML decodes TOML front matter into JSON-friendly values, as parseFrontMatter does
// YAML: dates and times become strings, tables maps.
func parseTOML(fm frontMatter, idx *lineIndex) (m map[string]any, err error) {
	firstLine := idx.line(fm.yamlStart)
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, &PosError{Line: firstLine, Column: 1, Msg: fmt.Sprintf("invalid front matter: toml parser failed: %v", r)}
		}
	}()
	m = map[string]any{}
	if _, err := toml.Decode(string(fm.yaml), &m); err != nil {
		line, msg := 1, err.Error()
		var perr toml.ParseError
		if errors.As(err, &perr) {
			line, msg = max(perr.Position.Line, 1), perr.Message
		}
		lastLine := idx.line(max(fm.end-1, 0))
		return nil, &PosError{Line: max(1, min(firstLine+line-1, lastLine)), Column: 1, Msg: "invalid front matter: " + msg}
	}
	return tomlPlain(m).(map[string]any), nil
}

// tomlPlain converts a decoded TOML value as plainValue does a YAML one; a TOML local date
// or a time at midnight becomes "2006-01-02".
func tomlPlain(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = tomlPlain(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = tomlPlain(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = tomlPlain(e)
		}
		return out
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
			return v.Format(time.DateOnly)
		}
		return v.Format(time.RFC3339Nano)
	case float64:
		return plainFloat(v)
	default:
		return v
	}
}
