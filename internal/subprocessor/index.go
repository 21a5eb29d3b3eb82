package subprocessor

import (
	"encoding/json"
	"slices"
	"strconv"
)

// Index groups a document's rows by value, so that a policy can check each distinct value once
// and map what it finds back to the rows by index. On a long page most purposes, data lists and
// locations repeat, and in Rego a pass over every row costs more than the checks themselves:
// grouping 20,000 rows here takes milliseconds, in Rego hundreds of them.
//
// Each grouping is two lists of the same length: the distinct values, and for each the indexes
// of its rows (a column of values can be searched at once, and there are no objects to make
// for pages where every row differs). Groups, and the rows in each, are in page order.
//
// The index is derived: subpolicy computes it from the rows every time it evaluates a
// document (whatever the document says), and `subpolicy parse` prints it.
type Index struct {
	// Contents groups the rows by their content: every field but those that set a row apart
	// (index, line, name, name_key, cells and links).
	Contents ContentGroups `json:"contents"`
	// Cells groups the rows by the text of their cell of each field (name, purpose, data...).
	Cells map[string]TextGroups `json:"cells"`
	// Links groups the rows by their list of links (null for a row without links).
	Links LinkGroups `json:"links"`
}

// ContentGroups are the distinct contents and the rows of each.
type ContentGroups struct {
	Contents []Content `json:"contents"`
	Rows     [][]int   `json:"rows"`
}

// TextGroups are the distinct texts of a field's cells and the rows of each.
type TextGroups struct {
	Texts []string `json:"texts"`
	Rows  [][]int  `json:"rows"`
}

// LinkGroups are the distinct lists of links and the rows of each.
type LinkGroups struct {
	Links [][]Link `json:"links"`
	Rows  [][]int  `json:"rows"`
}

// Content is a row without the fields that set it apart. Its JSON is the row's without the
// keys index, line, name, name_key, cells and links.
type Content struct {
	Row *Row
}

// ContentOmits are the row fields a Content leaves out.
var ContentOmits = []string{"index", "line", "name", "name_key", "cells", "links"}

// MarshalJSON writes the row's JSON without the keys in ContentOmits.
func (c Content) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(c.Row)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for _, k := range ContentOmits {
		delete(m, k)
	}
	return json.Marshal(m)
}

// NewIndex groups rows; a row's index is its position in rows.
func NewIndex(rows []Row) *Index {
	idx := &Index{
		Contents: ContentGroups{Contents: []Content{}, Rows: [][]int{}},
		Cells:    map[string]TextGroups{},
		Links:    LinkGroups{Links: [][]Link{}, Rows: [][]int{}},
	}
	contents := map[string]int{}
	links := map[string]int{}
	cells := map[string]map[string]int{}
	var key []byte
	for i := range rows {
		r := &rows[i]
		key = groupKey(key[:0], r)
		if g, ok := contents[string(key)]; ok {
			idx.Contents.Rows[g] = append(idx.Contents.Rows[g], i)
		} else {
			contents[string(key)] = len(idx.Contents.Rows)
			idx.Contents.Contents = append(idx.Contents.Contents, Content{Row: r})
			idx.Contents.Rows = append(idx.Contents.Rows, []int{i})
		}
		key = linksKey(key[:0], r.Links)
		if g, ok := links[string(key)]; ok {
			idx.Links.Rows[g] = append(idx.Links.Rows[g], i)
		} else {
			links[string(key)] = len(idx.Links.Rows)
			idx.Links.Links = append(idx.Links.Links, r.Links)
			idx.Links.Rows = append(idx.Links.Rows, []int{i})
		}
		for field, c := range r.Cells {
			byText := cells[field]
			if byText == nil {
				byText = map[string]int{}
				cells[field] = byText
			}
			groups := idx.Cells[field]
			if g, ok := byText[c.Text]; ok {
				groups.Rows[g] = append(groups.Rows[g], i)
			} else {
				byText[c.Text] = len(groups.Rows)
				groups.Texts = append(groups.Texts, c.Text)
				groups.Rows = append(groups.Rows, []int{i})
			}
			idx.Cells[field] = groups
		}
	}
	return idx
}

// groupKey appends to b a key equal for two rows exactly when their contents are: every
// string length-prefixed, nil told apart from empty.
func groupKey(b []byte, r *Row) []byte {
	b = strconv.AppendInt(b, int64(r.Table), 10)
	b = appendString(b, r.Purpose)
	b = appendStrings(b, r.Data)
	b = appendString(b, r.Location)
	b = appendStrings(b, r.Locations)
	b = appendStrings(b, r.Countries)
	b = appendStrings(b, r.UnresolvedLocations)
	b = appendString(b, r.Category)
	b = appendStrings(b, r.Transfer)
	if r.Effective == nil {
		b = append(b, '!')
	} else {
		b = appendString(b, *r.Effective)
	}
	if r.Extra == nil {
		b = append(b, '!')
	} else {
		keys := make([]string, 0, len(r.Extra))
		for k := range r.Extra {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = strconv.AppendInt(b, int64(len(keys)), 10)
		for _, k := range keys {
			b = appendString(appendString(b, k), r.Extra[k])
		}
	}
	return appendString(b, r.Change)
}

func linksKey(b []byte, links []Link) []byte {
	if links == nil {
		return append(b, '!')
	}
	b = strconv.AppendInt(b, int64(len(links)), 10)
	for _, l := range links {
		b = appendString(appendString(b, l.Text), l.URL)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, '!')
	}
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(len(ss)), 10)
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}
