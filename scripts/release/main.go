// Command release cuts a release of the GitHub Action.
//
// On main, action.yml says "image: Dockerfile", so a workflow that uses the action at main
// builds the image on every job. A release is a commit off main, on no branch, whose only
// change is that line, pointing at the image the release workflow
// (.github/workflows/release.yml) builds for linux/amd64 and linux/arm64 and pushes to GHCR:
//
//	image: docker://ghcr.io/subpolicy/subpolicy:v1.2.3
//
// and an annotated tag on it. Usage, from a clean checkout of main:
//
//	go run ./scripts/release v1.2.3          # rewrite action.yml and print the git commands that finish the release
//	go run ./scripts/release -commit v1.2.3  # run them: a detached commit and the tag, then back to the branch
//	go run ./scripts/release -push v1.2.3    # the same, and push the tag, which starts the release workflow
//	go run ./scripts/release -verify v1.2.3  # (the release workflow) check that action.yml runs the v1.2.3 image
//
// A fork publishes under its own name with -image ghcr.io/OWNER/REPO (lower case: the release
// workflow expects ghcr.io/ followed by the repository's name in lower case).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// DefaultImage is where the release workflow pushes the image of subpolicy/subpolicy.
const DefaultImage = "ghcr.io/subpolicy/subpolicy"

// DevImage is what action.yml's runs.image says on main: build the Dockerfile.
const DevImage = "Dockerfile"

// ActionFile is the action's metadata file, at the repository root.
const ActionFile = "action.yml"

func main() {
	os.Exit(run(".", os.Environ(), os.Args[1:], os.Stdout, os.Stderr))
}

// Version is a release version: vMAJOR.MINOR.PATCH with an optional pre-release
// (v1.2.3-rc.1). Build metadata (+...) is refused: "+" cannot appear in an image tag.
type Version struct {
	Major, Minor, Patch int
	Pre                 string // the pre-release, without its "-"; empty for a release
	raw                 string
}

func (v Version) String() string { return v.raw }

// IsPrerelease reports whether v has a pre-release part; a pre-release never moves the
// major tag (v1).
func (v Version) IsPrerelease() bool { return v.Pre != "" }

// MajorTag is the moving tag users reference, e.g. "v1".
func (v Version) MajorTag() string { return "v" + strconv.Itoa(v.Major) }

// semverRE is SemVer 2.0.0's grammar with a "v" and without build metadata.
var semverRE = regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)` +
	`(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?$`)

// maxTagLen is the longest image tag a registry accepts.
const maxTagLen = 128

// ParseVersion validates a release version such as v1.2.3 or v1.2.3-rc.1.
func ParseVersion(s string) (Version, error) {
	m := semverRE.FindStringSubmatch(s)
	if m == nil {
		hint := ""
		switch {
		case s != "" && s[0] != 'v':
			hint = ` (it must start with "v", e.g. v` + s + ")"
		case strings.Contains(s, "+"):
			hint = " (build metadata, +..., cannot be part of an image tag)"
		}
		return Version{}, fmt.Errorf("version %q is not of the form vMAJOR.MINOR.PATCH or vMAJOR.MINOR.PATCH-PRERELEASE%s", s, hint)
	}
	if len(s) > maxTagLen {
		return Version{}, fmt.Errorf("version %q is longer than an image tag may be (%d characters)", s, maxTagLen)
	}
	var v Version
	var err error
	for i, p := range []*int{&v.Major, &v.Minor, &v.Patch} {
		if *p, err = strconv.Atoi(m[i+1]); err != nil {
			return Version{}, fmt.Errorf("version %q: %w", s, err)
		}
	}
	v.Pre, v.raw = m[4], s
	return v, nil
}

// imageRE is a registry host (with an optional port) and a lower-case repository path, the
// form GHCR accepts; no tag and no digest.
var imageRE = regexp.MustCompile(`^[a-z0-9]+(?:[.-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$`)

// ValidateImage checks an image name such as ghcr.io/subpolicy/subpolicy.
func ValidateImage(image string) error {
	if !imageRE.MatchString(image) {
		hint := ""
		last := image[strings.LastIndex(image, "/")+1:]
		switch {
		case strings.ToLower(image) != image:
			hint = " (image names are lower case)"
		case strings.Contains(image, "@") || strings.Contains(last, ":"):
			hint = " (give the name without a tag or digest)"
		case !strings.Contains(image, "/"):
			hint = " (a registry host, then the repository)"
		}
		return fmt.Errorf("image %q is not a registry/repository name such as %s%s", image, DefaultImage, hint)
	}
	return nil
}

// ImageRef is the runs.image of a release: the prebuilt image, tagged with the version.
func ImageRef(image string, v Version) string {
	return "docker://" + image + ":" + v.String()
}

// metadata is the part of action.yml that is checked.
type metadata struct {
	Runs struct {
		Using string `yaml:"using"`
		Image string `yaml:"image"`
	} `yaml:"runs"`
}

// parseMetadata decodes action.yml strictly enough to catch duplicate keys.
func parseMetadata(src []byte) (metadata, error) {
	var md metadata
	if err := decodeOne(src, &md); err != nil {
		return md, err
	}
	return md, nil
}

// decodeOne decodes src, which must hold exactly one YAML document, into v.
func decodeOne(src []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s does not parse: %w", ActionFile, err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s holds more than one YAML document", ActionFile)
	}
	return nil
}

// imageNode finds the scalar of runs.image in action.yml.
func imageNode(src []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := decodeOne(src, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s is not a YAML mapping", ActionFile)
	}
	runs := lookup(doc.Content[0], "runs")
	if runs == nil || runs.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s has no runs mapping", ActionFile)
	}
	img := lookup(runs, "image")
	if img == nil {
		return nil, fmt.Errorf("%s has no runs.image", ActionFile)
	}
	if img.Kind != yaml.ScalarNode || img.Alias != nil || img.Anchor != "" || img.Tag != "!!str" {
		return nil, fmt.Errorf("%s: runs.image (line %d) is not a plain string", ActionFile, img.Line)
	}
	return img, nil
}

// lookup returns the value of key in a mapping node, or nil.
func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// SetImage replaces the value of runs.image, which must be from, with to, and changes no
// other byte of src: the scalar is replaced where it stands, in its quoting style, so
// comments, order, formatting and line endings stay as they are. The result is checked: it
// parses, runs.image is to, and the document equals src's but for runs.image.
func SetImage(src []byte, from, to string) ([]byte, error) {
	if strings.ContainsAny(to, "\r\n\"'\\#") || strings.Contains(to, ": ") || strings.TrimSpace(to) != to || to == "" {
		return nil, fmt.Errorf("runs.image %q cannot be written as a YAML scalar on one line", to)
	}
	node, err := imageNode(src)
	if err != nil {
		return nil, err
	}
	if _, err := parseMetadata(src); err != nil { // refuses duplicate keys
		return nil, err
	}
	if node.Value != from {
		return nil, fmt.Errorf("%s: runs.image (line %d) is %q, expected %q", ActionFile, node.Line, node.Value, from)
	}

	var quote string
	switch node.Style {
	case 0:
	case yaml.DoubleQuotedStyle:
		quote = `"`
	case yaml.SingleQuotedStyle:
		quote = `'`
	default:
		return nil, fmt.Errorf("%s: runs.image (line %d) is not a plain or quoted scalar; write it as image: %s", ActionFile, node.Line, from)
	}
	start, err := offset(src, node.Line, node.Column)
	if err != nil {
		return nil, err
	}
	old := quote + from + quote
	if !bytes.HasPrefix(src[start:], []byte(old)) {
		return nil, fmt.Errorf("%s: runs.image (line %d) is not written as %s", ActionFile, node.Line, old)
	}
	end := start + len(old)
	// The scalar must end there: a comment, a line end, the end of the file or (in a flow
	// mapping) the next entry follows.
	rest := src[end:]
	if trimmed := bytes.TrimLeft(rest, " \t"); len(trimmed) > 0 && !strings.ContainsRune("#\r\n,}]", rune(trimmed[0])) {
		return nil, fmt.Errorf("%s: runs.image (line %d) continues after %s", ActionFile, node.Line, old)
	}
	if len(rest) > 0 && rest[0] == '#' {
		return nil, fmt.Errorf("%s: runs.image (line %d) is followed by a comment with no space before it", ActionFile, node.Line)
	}

	out := make([]byte, 0, len(src)-len(from)+len(to))
	out = append(out, src[:start]...)
	out = append(out, quote+to+quote...)
	out = append(out, rest...)

	if err := checkOnlyImageChanged(src, out, to); err != nil {
		return nil, fmt.Errorf("rewriting %s: %w", ActionFile, err)
	}
	return out, nil
}

// checkOnlyImageChanged verifies a rewrite: out parses, its runs.image is want, and its
// document is src's with runs.image set to want.
func checkOnlyImageChanged(src, out []byte, want string) error {
	md, err := parseMetadata(out)
	if err != nil {
		return err
	}
	if md.Runs.Image != want {
		return fmt.Errorf("runs.image is %q after the rewrite, want %q", md.Runs.Image, want)
	}
	var before, after map[string]any
	if err := decodeOne(src, &before); err != nil {
		return err
	}
	if err := decodeOne(out, &after); err != nil {
		return err
	}
	runs, ok := before["runs"].(map[string]any)
	if !ok {
		return errors.New("runs is not a mapping")
	}
	runs["image"] = want
	if !reflect.DeepEqual(before, after) {
		return errors.New("the document changed beyond runs.image")
	}
	return nil
}

// offset converts yaml.v3's 1-based line and column (counted in characters) to a byte offset.
func offset(src []byte, line, column int) (int, error) {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return 0, fmt.Errorf("%s has no line %d", ActionFile, line)
		}
		off += i + 1
	}
	for c := 1; c < column; c++ {
		if off >= len(src) || src[off] == '\n' {
			return 0, fmt.Errorf("%s: line %d has no column %d", ActionFile, line, column)
		}
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	return off, nil
}

// Release rewrites main's action.yml for release v: runs.image, which must be "Dockerfile",
// becomes the prebuilt image. An action.yml that already runs a docker:// image belongs to a
// release commit; releases are cut from main, so that is refused rather than re-pointed.
func Release(src []byte, image string, v Version) ([]byte, error) {
	if err := ValidateImage(image); err != nil {
		return nil, err
	}
	md, err := parseMetadata(src)
	if err != nil {
		return nil, err
	}
	if md.Runs.Using != "docker" {
		return nil, fmt.Errorf("%s: runs.using is %q, not docker", ActionFile, md.Runs.Using)
	}
	if strings.HasPrefix(md.Runs.Image, "docker://") {
		return nil, fmt.Errorf("%s already runs the prebuilt image %s: this is a release commit; cut releases from main, where it says image: %s",
			ActionFile, md.Runs.Image, DevImage)
	}
	return SetImage(src, DevImage, ImageRef(image, v))
}

// Verify checks that action.yml is release v's: runs.using is docker and runs.image is
// exactly the prebuilt image of v.
func Verify(src []byte, image string, v Version) error {
	if err := ValidateImage(image); err != nil {
		return err
	}
	md, err := parseMetadata(src)
	if err != nil {
		return err
	}
	want := ImageRef(image, v)
	if md.Runs.Using != "docker" || md.Runs.Image != want {
		return fmt.Errorf("%s runs using %q, image %q; the release %s must run using \"docker\", image %q. "+
			"Cut releases with: go run ./scripts/release -image %s %s", ActionFile, md.Runs.Using, md.Runs.Image, v, want, image, v)
	}
	return nil
}

// Step is one git command of a release.
type Step struct {
	Args []string // git's arguments
	Why  string
}

func (s Step) String() string {
	q := make([]string, len(s.Args))
	for i, a := range s.Args {
		q[i] = shellQuote(a)
	}
	return "git " + strings.Join(q, " ")
}

// Plan is the git commands that turn a rewritten action.yml into a pushed release:
// back is the branch (or commit) to return to.
func Plan(v Version, image, back, remote string) []Step {
	return []Step{
		{[]string{"checkout", "--detach"}, "the release commit goes on no branch; main keeps image: " + DevImage},
		{[]string{"commit", "-m", commitMessage(v, image), "--", ActionFile}, "commit the rewritten " + ActionFile + " only"},
		{[]string{"tag", "-a", v.String(), "-m", "subpolicy " + v.String()}, "the annotated release tag"},
		{[]string{"checkout", back}, "back to where you were"},
		{[]string{"push", remote, "refs/tags/" + v.String()}, "starts .github/workflows/release.yml"},
	}
}

func commitMessage(v Version, image string) string {
	return fmt.Sprintf("Release %s\n\n%s runs the prebuilt image %s instead of building the Dockerfile.",
		v, ActionFile, ImageRef(image, v))
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// releaser runs git in a working tree.
type releaser struct {
	dir            string
	env            []string
	stdout, stderr io.Writer
}

// git runs a git command and returns its trimmed standard output.
func (r *releaser) git(args ...string) (string, error) {
	var out, errb bytes.Buffer
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = r.dir, r.env, &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return strings.TrimSpace(out.String()), nil
}

// gitStep runs a step of the plan with its output shown.
func (r *releaser) gitStep(s Step) error {
	fmt.Fprintln(r.stdout, "+", s)
	cmd := exec.Command("git", s.Args...)
	cmd.Dir, cmd.Env, cmd.Stdin, cmd.Stdout, cmd.Stderr = r.dir, r.env, os.Stdin, r.stdout, r.stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", s, err)
	}
	return nil
}

func run(dir string, env, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	fs.SetOutput(stderr)
	image := fs.String("image", DefaultImage, "the image the release workflow pushes, without a tag (a fork: ghcr.io/OWNER/REPO in lower case)")
	commit := fs.Bool("commit", false, "run the git commands: a detached release commit and the annotated tag, then back to the branch")
	push := fs.Bool("push", false, "as -commit, and push the tag (which starts the release workflow)")
	remote := fs.String("remote", "origin", "the remote to push the tag to")
	verify := fs.Bool("verify", false, "only check that ./"+ActionFile+" runs the release's prebuilt image (the release workflow does)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./scripts/release [-image NAME] [-commit | -push] [-remote NAME] vX.Y.Z[-PRERELEASE]\n"+
			"       go run ./scripts/release -verify [-image NAME] vX.Y.Z[-PRERELEASE]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	v, err := ParseVersion(fs.Arg(0))
	if err != nil {
		return fail(err)
	}
	if err := ValidateImage(*image); err != nil {
		return fail(err)
	}
	r := &releaser{dir: dir, env: env, stdout: stdout, stderr: stderr}

	if *verify {
		src, err := os.ReadFile(filepath.Join(dir, ActionFile))
		if err != nil {
			return fail(err)
		}
		if err := Verify(src, *image, v); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "%s runs %s\n", ActionFile, ImageRef(*image, v))
		return 0
	}

	// Release from the top of a clean working tree, at a version not tagged yet.
	top, err := r.git("rev-parse", "--show-toplevel")
	if err != nil {
		return fail(err)
	}
	r.dir = top
	dirty, err := r.git("status", "--porcelain", "--untracked-files=no")
	if err != nil {
		return fail(err)
	}
	if dirty != "" {
		return fail(fmt.Errorf("the working tree has uncommitted changes; commit or stash them, so the release is the commit you tested:\n%s", dirty))
	}
	if _, err := r.git("rev-parse", "-q", "--verify", "refs/tags/"+v.String()); err == nil {
		return fail(fmt.Errorf("tag %s exists already", v))
	}
	head, err := r.git("rev-parse", "HEAD")
	if err != nil {
		return fail(err)
	}
	back, err := r.git("symbolic-ref", "-q", "--short", "HEAD")
	if err != nil || back == "" {
		back = head // detached: return to the commit
	}
	path := filepath.Join(top, ActionFile)
	src, err := os.ReadFile(path)
	if err != nil {
		return fail(err)
	}
	out, err := Release(src, *image, v)
	if err != nil {
		return fail(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return fail(err)
	}
	plan := Plan(v, *image, back, *remote)
	fmt.Fprintf(stdout, "Releasing %s from %s (%s): %s will run %s\n", v, back, head[:min(12, len(head))], ActionFile, ImageRef(*image, v))

	if !*commit && !*push {
		if err := os.WriteFile(path, out, info.Mode().Perm()); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "\n%s is rewritten. Finish the release with:\n\n", ActionFile)
		for _, s := range plan {
			fmt.Fprintf(stdout, "  %s\n", s)
		}
		fmt.Fprintf(stdout, "\nor give up with: git checkout -- %s\n", ActionFile)
		return 0
	}

	// Detach, write, commit, tag, return; push last, so a failure leaves nothing published.
	if err := r.gitStep(plan[0]); err != nil {
		return fail(err)
	}
	steps := plan[1:4]
	if err := os.WriteFile(path, out, info.Mode().Perm()); err != nil {
		return fail(fmt.Errorf("%w; you are on a detached HEAD at %s, go back with: git checkout %s", err, head, back))
	}
	for _, s := range steps {
		if err := r.gitStep(s); err != nil {
			return fail(fmt.Errorf("%w\nnothing was pushed. To start over: git checkout -f %s; git tag -d %s (if it was created)", err, back, v))
		}
	}
	if !*push {
		fmt.Fprintf(stdout, "\nTagged %s locally. Check it (git show %s), then publish it with:\n\n  %s\n", v, v, plan[4])
		return 0
	}
	if err := r.gitStep(plan[4]); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "\nPushed %s: the release workflow now tests it, pushes %s and moves %s.\n",
		v, strings.TrimPrefix(ImageRef(*image, v), "docker://"), majorNote(v))
	return 0
}

func majorNote(v Version) string {
	if v.IsPrerelease() {
		return "no major tag (a pre-release)"
	}
	return v.MajorTag() + " if it is the newest " + v.MajorTag() + ".x.y"
}
