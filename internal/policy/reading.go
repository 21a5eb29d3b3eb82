package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// The configuration keys the recogniser reads (data.subpolicy.config, from --data files).
const (
	// ConfigColumns maps roles to header texts: {"name": ["Col A"], "purpose": ["What they do"]}.
	ConfigColumns = "columns"
	// ConfigPages lists path patterns of subprocessor pages: ["legal/vendors.md", "*.mdx"].
	ConfigPages = "subprocessor_pages"
)

// readingOptions reads the recogniser's options from the policy configuration. A
// mapping of an unknown role, or a value of the wrong kind, is an error that says what to write.
func readingOptions(cfg map[string]any) (subprocessor.Options, error) {
	var opts subprocessor.Options
	if v, ok := cfg[ConfigColumns]; ok && v != nil {
		m, ok := v.(map[string]any)
		if !ok {
			return opts, fmt.Errorf("%s must be an object of roles to header texts, e.g. {\"name\": [\"Vendor\"]}; got %s", ConfigColumns, kindOf(v))
		}
		opts.Columns = map[string][]string{}
		for role, hs := range m {
			if !slices.Contains(subprocessor.ColumnRoles, role) {
				return opts, fmt.Errorf("%s: unknown role %q; the roles are %s", ConfigColumns, role, strings.Join(subprocessor.ColumnRoles, ", "))
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
				return nil, fmt.Errorf("want header texts as strings, got %s", kindOf(e))
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a string or a list of strings, got %s", kindOf(v))
}
