// Package subprocessor recognises subprocessor tables among a page's tables, normalises their
// cells and builds the Document that policies receive as input (contract v1, see README).
package subprocessor

// Document is the policy input for one Markdown file. Field names are a public contract:
// never remove or rename one once released; add fields instead.
type Document struct {
	Path          string         `json:"path"`
	Title         string         `json:"title"`
	FrontMatter   map[string]any `json:"front_matter"`
	Updated       *Updated       `json:"updated"`
	Notice        *Notice        `json:"notice"`
	Subscription  *Subscription  `json:"subscription"`
	Changelog     []ChangeEntry  `json:"changelog"`
	Tables        []Table        `json:"tables"`
	Subprocessors []Row          `json:"subprocessors"`
	// Page says whether this is a subprocessor page (by path, title, front matter, top
	// heading or the configuration), and what says so.
	Page PageReading `json:"page"`
	// UnreadTables are the page's other tables, each with why it is not a subprocessor table.
	UnreadTables []UnreadTable `json:"unread_tables"`
	// StrayRows are lines that look like table rows but are shown as text: a broken table.
	StrayRows []StrayRow `json:"stray_rows"`
	// Prose is the text of a subprocessor page outside its tables, paragraph by paragraph and
	// list item by list item (headings left out), up to MaxProseBlocks blocks and
	// MaxProseBytes bytes: what a page says of all its subprocessors at once ("none of our AI
	// providers trains on customer data").
	Prose   []ProseBlock `json:"prose"`
	Change  *Change      `json:"change,omitempty"`
	Context Context      `json:"context"`
	// Index groups the rows by value (see Index). The engine computes it afresh for every
	// evaluation, whatever this field holds; `subpolicy parse` fills it in.
	Index *Index `json:"index,omitempty"`
}

// Updated is the date that dates the page: its "Updated <date>" line, or another date the
// page gives (Source says which). Date is ISO (YYYY-MM-DD) or "" when the text did not parse
// as a date.
type Updated struct {
	Date string `json:"date"`
	Text string `json:"text"`
	Line int    `json:"line"`
	// Source is where the date comes from: "line" (a line or sentence of the page),
	// "effective" (an "Effective date" line), "front_matter" (Text is "key: value", Line 1)
	// or "change_log" (the latest dated entry or change-history row; Text is that entry, or
	// the row's cells joined by " | ").
	Source string `json:"source"`
	// LastChange is the latest date of the page's change log (ISO), when it has a dated one:
	// the date the list last changed, as far as the page says.
	LastChange string `json:"last_change,omitempty"`
}

// Notice is a stated notice period such as "at least 30 days".
type Notice struct {
	Days int    `json:"days"`
	Text string `json:"text"`
	Line int    `json:"line"`
}

// Subscription is a way the page offers to subscribe to changes.
type Subscription struct {
	Text string `json:"text"`
	Line int    `json:"line"`
}

// ChangeEntry is one entry of a "Change log" / "History" section.
type ChangeEntry struct {
	Date string `json:"date"`
	Text string `json:"text"`
	Line int    `json:"line"`
}

// Table is one recognised subprocessor table.
type Table struct {
	Index   int            `json:"index"`
	Line    int            `json:"line"`
	Column  int            `json:"column"`
	Heading string         `json:"heading"`
	Kind    string         `json:"kind"`   // "third_party" or "affiliate", from the heading
	Format  string         `json:"format"` // "markdown" or "html"
	Header  []string       `json:"header"`
	Columns map[string]int `json:"columns"` // role -> column index; roles: name purpose data location links category transfer effective
	// Layout is how the table is laid out: "rows" (a vendor per row), "header_row" (an empty
	// header row, the column names in the first body row) or "transposed" (a field per row;
	// Header then holds the field names and Columns points into them).
	Layout string `json:"layout"`
	// Reading is each column's role and the evidence for it.
	Reading []ColumnReading `json:"reading"`
}

// ProseBlock is a paragraph or list item of the page, as plain text.
type ProseBlock struct {
	Text string `json:"text"`
	Line int    `json:"line"`
}

// The most prose a document carries: a page's own statements are a few dozen paragraphs, and
// a huge page's text must not double its input.
const (
	MaxProseBlocks = 1000
	MaxProseBytes  = 256 << 10
)

// StrayRow is a line that looks like a table row but is not part of any table.
type StrayRow struct {
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Reason string `json:"reason"`
}

// Link is a hyperlink found in a row's cells.
type Link struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// Cell is a cell's plain text and position. Every role of the row's table has a cell,
// empty ones included, so a finding about an empty cell can point at it.
type Cell struct {
	Text   string `json:"text"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// Row is one subprocessor entry. Its JSON also holds "regions" and "cities", which Places
// derives from its locations (see MarshalJSON in regions.go).
type Row struct {
	// Index is the row's position in its list (subprocessors, or base.subprocessors for a base
	// row): a finding {"row": index} is placed at the row without the policy spelling out where.
	Index               int               `json:"index"`
	Table               int               `json:"table"`
	Line                int               `json:"line"`
	Name                string            `json:"name"`
	Purpose             string            `json:"purpose"`
	Data                []string          `json:"data"`
	Location            string            `json:"location"`
	Locations           []string          `json:"locations"`
	Countries           []string          `json:"countries"`
	UnresolvedLocations []string          `json:"unresolved_locations"`
	NameKey             string            `json:"name_key"`
	Category            string            `json:"category"`
	Transfer            []string          `json:"transfer"`
	Effective           *string           `json:"effective"`
	Links               []Link            `json:"links"`
	Cells               map[string]Cell   `json:"cells"`
	Extra               map[string]string `json:"extra"`
	Change              string            `json:"change,omitempty"` // added, modified, unchanged (with a base only); removed, modified, unchanged for base rows
}

// Change summarises how the document differs from its base version (pull requests and diff).
// Added, Removed and Modified name one row each (a name repeats when an entity has several
// rows); Modifications and SuspectedReplacements give the details, pointing at rows by index.
type Change struct {
	Status                string         `json:"status"` // added, modified, renamed, unchanged, removed
	Added                 []string       `json:"added"`
	Removed               []string       `json:"removed"`
	Modified              []string       `json:"modified"`
	Modifications         []Modification `json:"modifications"`
	SuspectedReplacements []Replacement  `json:"suspected_replacements"`
	// LostTables are the base tables (indexes into Base.Tables, in page order) that no head
	// table stands for: paired by heading and header, then header, then heading.
	LostTables []int      `json:"lost_tables"`
	Base       *BaseState `json:"base"`
}

// Modification is a row present in both versions whose fields differ.
type Modification struct {
	Index     int           `json:"index"`      // the row in subprocessors
	BaseIndex int           `json:"base_index"` // the row in base.subprocessors
	Name      string        `json:"name"`
	NameKey   string        `json:"name_key"`
	Fields    []FieldChange `json:"fields"`
}

// FieldChange is one changed field of a modified row. Field is a row field (name, purpose,
// data, location, transfer, links, category, effective) or "extra." and an extra column's
// header. Before and After are the field's text in each version; for list fields (data,
// location, transfer, links) Added and Removed hold the items only one version has.
type FieldChange struct {
	Field   string   `json:"field"`
	Before  string   `json:"before"`
	After   string   `json:"after"`
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
}

// Replacement is a removed row and an added row with the same purpose in one change: likely
// one subprocessor replacing another (or an entity renamed), which needs notice like an addition.
type Replacement struct {
	Removed      string `json:"removed"`       // the removed row's name
	RemovedIndex int    `json:"removed_index"` // the row in base.subprocessors
	Added        string `json:"added"`         // the added row's name
	AddedIndex   int    `json:"added_index"`   // the row in subprocessors
	Purpose      string `json:"purpose"`
}

// BaseState is what policies need of the base version. Its rows carry their change too:
// removed, modified or unchanged. Tables are the base's subprocessor tables, which its rows'
// table indexes point into: a rule tells from them that a table is no longer read.
type BaseState struct {
	Path          string   `json:"path"`
	Updated       *Updated `json:"updated"`
	Subprocessors []Row    `json:"subprocessors"`
	Tables        []Table  `json:"tables"`
}

// Context tells policies where and when they run.
type Context struct {
	Mode        string       `json:"mode"` // local, pull_request, audit
	Repository  string       `json:"repository,omitempty"`
	Event       string       `json:"event,omitempty"`
	PullRequest *PullRequest `json:"pull_request,omitempty"`
	BaseSHA     string       `json:"base_sha,omitempty"`
	HeadSHA     string       `json:"head_sha,omitempty"`
	Now         string       `json:"now"` // RFC 3339, UTC
}

// PullRequest is the pull request a run checks.
type PullRequest struct {
	Number int      `json:"number"`
	Labels []string `json:"labels"`
	Author string   `json:"author"`
}
