package subprocessor

import (
	"fmt"
	"slices"
	"strings"
)

// The configuration keys the recogniser reads (data.subpolicy.config, from --data files).
const (
	// ConfigColumns maps roles to header texts: {"name": ["Col A"], "purpose": ["What they do"]}.
	ConfigColumns = "columns"
	// ConfigPages lists path patterns of subprocessor pages: ["legal/vendors.md", "*.mdx"].
	ConfigPages = "subprocessor_pages"
)

// OptionsFromConfig reads the recogniser's options from the policy configuration. A
// mapping of an unknown role, or a value of the wrong kind, is an error that says what to write.
func OptionsFromConfig(cfg map[string]any) (Options, error) {
	var opts Options
	if v, ok := cfg[ConfigColumns]; ok && v != nil {
		m, ok := v.(map[string]any)
		if !ok {
			return opts, fmt.Errorf("%s must be an object of roles to header texts, e.g. {\"name\": [\"Vendor\"]}; got %s", ConfigColumns, kindName(v))
		}
		opts.Columns = map[string][]string{}
		for role, hs := range m {
			if !slices.Contains(columnRoles, role) {
				return opts, fmt.Errorf("%s: unknown role %q; the roles are %s", ConfigColumns, role, strings.Join(columnRoles, ", "))
			}
			list, err := stringList(hs)
			if err != nil {
				return opts, fmt.Errorf("%s.%s: %v", ConfigColumns, role, err)
			}
			opts.Columns[role] = list
		}
	}
	if v, ok := cfg[ConfigPages]; ok && v != nil {
		list, err := stringList(v)
		if err != nil {
			return opts, fmt.Errorf("%s: %v", ConfigPages, err)
		}
		opts.Pages = list
	}
	return opts, nil
}

// stringList accepts a string or a list of strings.
func stringList(v any) ([]string, error) {
	switch x := v.(type) {
	case string:
		return []string{x}, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("want header texts as strings, got %s", kindName(e))
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a string or a list of strings, got %s", kindName(v))
}

func kindName(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a number"
}
