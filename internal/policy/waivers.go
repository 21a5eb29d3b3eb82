package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"
)

// Waiver is one entry of config.waivers in a data file: it silences one rule for one
// subprocessor or one file, with a reason, an owner and an optional expiry.
//
//	waivers:
//	  - rule: SP004
//	    subprocessor: OpenAI
//	    path: docs/subprocessors.md
//	    reason: the DPA (section 4) rules out training on our data
//	    owner: "@acme/privacy"
//	    expires: 2027-06-30
//
// An entry that cannot apply (no rule, no reason, neither subprocessor nor path, a bad date,
// an unknown key) keeps its Problem; internal/check reports it as an error finding at File and
// Line. Waivers of every data file apply, in order.
type Waiver struct {
	Rule         string // the rule id, e.g. SP004 (compared case-insensitively)
	Subprocessor string // the row's name or name_key; "" covers every row
	Path         string // a glob (** allowed) of the page paths covered; "" covers every page
	Reason       string // why the finding is acceptable
	Owner        string // who answers for it
	Expires      string // YYYY-MM-DD, the last day it applies; "" for no expiry

	File    string // the data file, as given
	Line    int    // the entry's line in File; 0 when unknown
	Problem string // why the entry cannot apply; "" when it is valid
}

// Waivers returns the waivers of the data files, in order. It is a copy.
func (e *Engine) Waivers() []Waiver { return slices.Clone(e.waivers) }

// waiverKeys are the keys a waiver entry may have.
var waiverKeys = []string{"rule", "subprocessor", "path", "reason", "owner", "expires"}

// loadWaivers reads config.waivers of every data file, each entry with its line.
func loadWaivers(data []dataFile) ([]Waiver, error) {
	var out []Waiver
	for _, f := range data {
		ws, err := fileWaivers(f.name, f.content)
		if err != nil {
			return nil, err
		}
		out = append(out, ws...)
	}
	return out, nil
}

// rawWaiver is an entry before validation: its value and line.
type rawWaiver struct {
	value any
	line  int
}

// fileWaivers reads the waivers of one data file, parsed as parseData does.
func fileWaivers(name string, b []byte) ([]Waiver, error) {
	var (
		raw      []rawWaiver
		listLine int
		present  bool
		list     any
	)
	switch {
	case isJSON(name, b):
		v, err := parseJSON(name, b)
		if err != nil {
			return nil, err
		}
		obj, _ := v.(map[string]any)
		list, present = obj["waivers"]
		lines := jsonWaiverLines(b)
		if items, ok := list.([]any); ok {
			for i, it := range items {
				line := 0
				if i < len(lines) {
					line = lines[i]
				}
				raw = append(raw, rawWaiver{value: it, line: line})
			}
		}
	default:
		var doc yaml.Node
		if err := yaml.NewDecoder(bytes.NewReader(b)).Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, nil
			}
			return nil, yamlError(name, err)
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			return nil, nil
		}
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value != "waivers" {
				continue
			}
			node := m.Content[i+1]
			v, err := yamlValue(name, node)
			if err != nil {
				return nil, err
			}
			list, present, listLine = v, true, node.Line
			if node.Kind == yaml.SequenceNode {
				for j, it := range node.Content {
					raw = append(raw, rawWaiver{value: v.([]any)[j], line: it.Line})
				}
			}
		}
	}
	if !present || list == nil {
		return nil, nil
	}
	if _, ok := list.([]any); !ok {
		return []Waiver{{File: name, Line: listLine, Problem: fmt.Sprintf(
			"waivers must be a list of objects with rule, reason and subprocessor or path, not %s", valueKind(list))}}, nil
	}
	out := make([]Waiver, 0, len(raw))
	for _, r := range raw {
		out = append(out, toWaiver(name, r))
	}
	return out, nil
}

// toWaiver validates one entry.
func toWaiver(file string, r rawWaiver) Waiver {
	w := Waiver{File: file, Line: r.line}
	obj, ok := r.value.(map[string]any)
	if !ok {
		w.Problem = fmt.Sprintf("a waiver is an object with rule, reason and subprocessor or path, not %s", valueKind(r.value))
		return w
	}
	var problems []string
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range obj {
			if !yield(k) {
				return
			}
		}
	}) {
		if !slices.Contains(waiverKeys, k) {
			problems = append(problems, fmt.Sprintf("unknown key %q (valid: %s)", k, strings.Join(waiverKeys, ", ")))
		}
	}
	fields := map[string]*string{
		"rule": &w.Rule, "subprocessor": &w.Subprocessor, "path": &w.Path,
		"reason": &w.Reason, "owner": &w.Owner, "expires": &w.Expires,
	}
	for _, k := range waiverKeys {
		switch v := obj[k].(type) {
		case nil:
		case string:
			*fields[k] = strings.TrimSpace(v)
		default:
			problems = append(problems, fmt.Sprintf("%s must be a string, not %s", k, valueKind(v)))
		}
	}
	subject := "a waiver"
	if w.Rule != "" {
		subject = "the waiver for " + w.Rule
	}
	switch {
	case w.Rule == "":
		problems = append(problems, "a waiver names the rule it silences (rule: SP004)")
	case w.Reason == "":
		problems = append(problems, subject+" has no reason; say why the finding is acceptable (reason: …), so reviewers can judge it")
	}
	if w.Subprocessor == "" && w.Path == "" {
		problems = append(problems, subject+" names neither a subprocessor nor a path; a waiver silences a rule for one subprocessor or one file")
	}
	if w.Expires != "" {
		if _, err := time.Parse(time.DateOnly, w.Expires); err != nil {
			problems = append(problems, fmt.Sprintf("expires %q is not a date; write it as YYYY-MM-DD", w.Expires))
		}
	}
	if w.Path != "" && !doublestar.ValidatePattern(w.Path) {
		problems = append(problems, fmt.Sprintf("path %q is not a valid glob", w.Path))
	}
	w.Problem = strings.Join(problems, "; ")
	return w
}

// valueKind names the kind of a data value in a message.
func valueKind(v any) string {
	if _, ok := v.(map[string]any); ok {
		return "an object"
	}
	return kindOf(v)
}

// jsonWaiverLines returns the line of each element of the top-level "waivers" array of a
// JSON document, in order (fewer when the document is not as expected).
func jsonWaiverLines(b []byte) []int {
	type frame struct {
		object    bool
		expectKey bool
		waivers   bool
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var (
		stack       []frame
		lines       []int
		nextWaivers bool
	)
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].expectKey = true
		}
	}
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return lines
		}
		n := len(stack)
		if n > 0 && stack[n-1].waivers && tok != json.Delim(']') {
			lines = append(lines, lineOf(b, skipSeparators(b, off)))
		}
		if n > 0 && stack[n-1].object && stack[n-1].expectKey {
			if d, ok := tok.(json.Delim); !ok || d != '}' {
				key, _ := tok.(string)
				stack[n-1].expectKey = false
				nextWaivers = n == 1 && key == "waivers"
				continue
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			valueDone()
			stack = append(stack, frame{object: tok == json.Delim('{'), expectKey: true, waivers: tok == json.Delim('[') && nextWaivers})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:n-1]
		default:
			valueDone()
		}
		nextWaivers = false
	}
}

// skipSeparators returns the offset of the first byte at or after off that is neither white
// space nor a JSON separator.
func skipSeparators(b []byte, off int) int {
	for off < len(b) && strings.IndexByte(" \t\r\n,:", b[off]) >= 0 {
		off++
	}
	return off
}

// lineOf returns the 1-based line of offset off.
func lineOf(b []byte, off int) int {
	return bytes.Count(b[:min(off, len(b))], []byte("\n")) + 1
}
