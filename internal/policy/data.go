package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// configFile is the default configuration inside the pack.
const configFile = "config.json"

// loadConfig builds the object mounted at data.subpolicy.config: the pack's config.json when a
// pack is given, then every data file deep-merged over it in order.
func loadConfig(pack fs.FS, packName string, data []dataFile) (map[string]any, error) {
	config := map[string]any{}
	if pack != nil {
		b, err := fs.ReadFile(pack, configFile)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, &Error{File: packName + configFile, Message: err.Error()}
		default:
			obj, err := parseData(packName+configFile, b)
			if err != nil {
				return nil, err
			}
			config = obj
		}
	}
	for _, f := range data {
		obj, err := parseData(f.name, f.content)
		if err != nil {
			return nil, err
		}
		merge(config, obj)
	}
	return config, nil
}

// dataFile is a --data file as given and its content, without a byte order mark.
type dataFile struct {
	name    string
	content []byte
}

// readDataFiles reads the data files, relative ones from dir when it is set (named as given),
// each once: the configuration and the waivers are taken from the same bytes.
func readDataFiles(dir string, files []string) ([]dataFile, error) {
	out := make([]dataFile, 0, len(files))
	for _, name := range files {
		b, err := os.ReadFile(resolve(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("data file %q does not exist", name)
		}
		if err != nil {
			return nil, fmt.Errorf("data file %q: %w", name, err)
		}
		out = append(out, dataFile{name: name, content: bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))})
	}
	return out, nil
}

// merge deep-merges src into dst: objects merge key by key, recursively; any other value
// (lists included) replaces what was there.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

// parseData reads a JSON or YAML data file whose top level must be an object. A .json file is
// JSON, a .yaml or .yml file YAML; any other name is JSON when it starts with "{", else YAML.
// Numbers become json.Number so large and precise values survive.
func parseData(name string, b []byte) (map[string]any, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	var (
		v   any
		err error
	)
	if isJSON(name, b) {
		v, err = parseJSON(name, b)
	} else {
		v, err = parseYAML(name, b)
	}
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, &Error{File: name, Message: fmt.Sprintf("data file must hold an object at the top level, not %s", kindOf(v))}
	}
	return obj, nil
}

// isJSON reports whether a data file is read as JSON: a .json file, or one that is neither
// .yaml nor .yml and starts with "{"; anything else is YAML.
func isJSON(name string, b []byte) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".json" || ext != ".yaml" && ext != ".yml" && bytes.HasPrefix(bytes.TrimSpace(b), []byte("{"))
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

func parseJSON(name string, b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	if err == nil {
		// One value only: trailing content is a mistake, not a second document.
		end := dec.InputOffset()
		if _, terr := dec.Token(); terr != io.EOF {
			end += int64(len(b[end:]) - len(bytes.TrimLeft(b[end:], " \t\r\n")))
			return nil, jsonError(name, b, end, "invalid JSON: unexpected content after the top-level value")
		}
		return v, nil
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		// Offset counts the bytes read, the offending one included.
		return nil, jsonError(name, b, syn.Offset-1, "invalid JSON: "+syn.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return nil, jsonError(name, b, int64(len(b)), "invalid JSON: unexpected end of file")
	}
	return nil, &Error{File: name, Message: "invalid JSON: " + err.Error()}
}

// jsonError places a JSON problem at the line and column of a byte offset.
func jsonError(name string, b []byte, offset int64, msg string) *Error {
	offset = min(max(offset, 0), int64(len(b)))
	before := b[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return &Error{File: name, Line: line, Column: col, Message: msg}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func parseYAML(name string, b []byte) (any, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return map[string]any{}, nil // empty or only comments: nothing to override
		}
		return nil, yamlError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, yamlError(name, err)
		}
		return nil, &Error{File: name, Line: extra.Line, Message: "invalid YAML: more than one document; a data file holds one object"}
	}
	return yamlValue(name, &doc)
}

func yamlError(name string, err error) *Error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: name, Line: line, Message: "invalid YAML: " + m[2]}
	}
	return &Error{File: name, Message: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// yamlValue converts a YAML node to the values JSON decoding gives (objects with string keys,
// json.Number), keeping timestamps as the text written and resolving aliases and merge keys.
func yamlValue(name string, n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yamlValue(name, n.Content[0])
	case yaml.AliasNode:
		return yamlValue(name, n.Alias)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(name, c)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
				if err := yamlMergeKey(name, out, v); err != nil {
					return nil, err
				}
				continue
			}
			if k.Kind != yaml.ScalarNode {
				return nil, &Error{File: name, Line: k.Line, Column: k.Column, Message: "invalid YAML: object keys must be strings"}
			}
			val, err := yamlValue(name, v)
			if err != nil {
				return nil, err
			}
			out[k.Value] = val
		}
		return out, nil
	case yaml.ScalarNode:
		return yamlScalar(name, n)
	}
	return nil, &Error{File: name, Line: n.Line, Column: n.Column, Message: "invalid YAML: unsupported node"}
}

// yamlMergeKey applies "<<: *anchor" (or a list of anchors): keys already set win.
func yamlMergeKey(name string, out map[string]any, v *yaml.Node) error {
	srcs := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		srcs = v.Content
	}
	for _, s := range srcs {
		val, err := yamlValue(name, s)
		if err != nil {
			return err
		}
		m, ok := val.(map[string]any)
		if !ok {
			return &Error{File: name, Line: s.Line, Column: s.Column, Message: "invalid YAML: a merge key (<<) must refer to an object"}
		}
		for k, x := range m {
			if _, set := out[k]; !set {
				out[k] = x
			}
		}
	}
	return nil
}

func yamlScalar(name string, n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, yamlError(name, err)
		}
		return b, nil
	case "!!int":
		var x any
		if err := n.Decode(&x); err != nil {
			return nil, yamlError(name, err)
		}
		return json.Number(fmt.Sprint(x)), nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, yamlError(name, err)
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, &Error{File: name, Line: n.Line, Column: n.Column, Message: fmt.Sprintf("invalid YAML: %s is not a number JSON can hold", n.Value)}
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	default: // !!str, !!timestamp (kept as written), !!binary
		return n.Value, nil
	}
}

// dataFileNames names the data files for an error in their merged configuration.
func dataFileNames(data []dataFile) string {
	names := make([]string, len(data))
	for i, f := range data {
		names[i] = f.name
	}
	if len(names) == 0 {
		return packPrefix + configFile
	}
	return strings.Join(names, ", ")
}

// Settings are what commands that read pages without evaluating policies (parse, diff,
// history, feed) take from the configuration: the default pack's merged with data files.
type Settings struct {
	// Reading is how to read pages: config.columns and config.subprocessor_pages.
	Reading subprocessor.Options
	config  map[string]any
	files   string // the data files' names, for errors
}

// ReadSettings reads the data files, relative ones from dir, once.
func ReadSettings(dir string, files []string) (*Settings, error) {
	data, err := readDataFiles(dir, files)
	if err != nil {
		return nil, err
	}
	config, err := loadConfig(defaultPack, packPrefix, data)
	if err != nil {
		return nil, err
	}
	s := &Settings{config: config, files: dataFileNames(data)}
	if s.Reading, err = readingOptions(config); err != nil {
		return nil, &Error{File: s.files, Message: err.Error()}
	}
	return s, nil
}

// ReadingOptions is ReadSettings' Reading.
func ReadingOptions(dir string, files []string) (subprocessor.Options, error) {
	s, err := ReadSettings(dir, files)
	if err != nil {
		return subprocessor.Options{}, err
	}
	return s.Reading, nil
}

// NoticeDays is config.notice_days, the notice period customers are promised before a new
// subprocessor starts (0 when unset).
func (s *Settings) NoticeDays() (int, error) {
	days, err := noticeDays(s.config)
	if err != nil {
		return 0, &Error{File: s.files, Message: err.Error()}
	}
	return days, nil
}

// noticeDays reads config.notice_days: a whole number of days, 0 when it is unset. The
// configuration's numbers are json.Number (parseData).
func noticeDays(config map[string]any) (int, error) {
	switch v := config["notice_days"].(type) {
	case nil:
		return 0, nil
	case json.Number:
		if n, err := v.Int64(); err == nil && n >= 0 && n <= 3650 {
			return int(n), nil
		}
	}
	return 0, fmt.Errorf("notice_days must be a whole number of days from 0 to 3650, e.g. 30; got %v", config["notice_days"])
}
