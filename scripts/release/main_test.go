package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in                  string
		major, minor, patch int
		pre                 string
	}{
		{"v0.0.0", 0, 0, 0, ""},
		{"v1.2.3", 1, 2, 3, ""},
		{"v10.20.30", 10, 20, 30, ""},
		{"v1.2.3-rc.1", 1, 2, 3, "rc.1"},
		{"v1.2.3-alpha-1", 1, 2, 3, "alpha-1"},
		{"v2.0.0-0.3.7", 2, 0, 0, "0.3.7"},
		{"v1.0.0-x.7.z.92", 1, 0, 0, "x.7.z.92"},
	} {
		v, err := ParseVersion(tc.in)
		if err != nil {
			t.Errorf("ParseVersion(%q): %v", tc.in, err)
			continue
		}
		if v.Major != tc.major || v.Minor != tc.minor || v.Patch != tc.patch || v.Pre != tc.pre || v.String() != tc.in {
			t.Errorf("ParseVersion(%q) = %+v", tc.in, v)
		}
		if v.IsPrerelease() != (tc.pre != "") {
			t.Errorf("ParseVersion(%q).IsPrerelease() = %v", tc.in, v.IsPrerelease())
		}
	}
	if v, _ := ParseVersion("v3.4.5"); v.MajorTag() != "v3" {
		t.Errorf("MajorTag = %q, want v3", v.MajorTag())
	}

	for in, hint := range map[string]string{
		"1.2.3":                              `must start with "v"`,
		"v1.2.3+build.5":                     "build metadata",
		"":                                   "",
		"v1.2":                               "",
		"v1.2.3.4":                           "",
		"v01.2.3":                            "",
		"v1.02.3":                            "",
		"v1.2.3-":                            "",
		"v1.2.3-01":                          "",
		"v1.2.3-rc..1":                       "",
		"V1.2.3":                             "",
		" v1.2.3":                            "",
		"v1.2.3\n":                           "",
		"v1.2.3-rc_1":                        "",
		"main":                               "",
		"v1":                                 "",
		"v1.2.3-" + strings.Repeat("a", 130): "longer than an image tag",
	} {
		_, err := ParseVersion(in)
		if err == nil {
			t.Errorf("ParseVersion(%q) accepted", in)
			continue
		}
		if !strings.Contains(err.Error(), hint) {
			t.Errorf("ParseVersion(%q) = %v, want a message with %q", in, err, hint)
		}
	}
}

func TestValidateImage(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{DefaultImage, "ghcr.io/me/subpolicy", "ghcr.io/my-org/sub_policy", "localhost:5000/a/b", "ghcr.io/a/b/c"} {
		if err := ValidateImage(ok); err != nil {
			t.Errorf("ValidateImage(%q): %v", ok, err)
		}
	}
	for bad, hint := range map[string]string{
		"ghcr.io/Me/subpolicy":          "lower case",
		"ghcr.io/me/subpolicy:v1":       "without a tag or digest",
		"ghcr.io/me/subpolicy@sha256:0": "without a tag or digest",
		"subpolicy":                     "a registry host",
		"":                              "",
		"docker://ghcr.io/me/subpolicy": "",
		"ghcr.io/me/subpolicy/":         "",
		"ghcr.io/me/sub policy":         "",
	} {
		err := ValidateImage(bad)
		if err == nil {
			t.Errorf("ValidateImage(%q) accepted", bad)
		} else if !strings.Contains(err.Error(), hint) {
			t.Errorf("ValidateImage(%q) = %v, want a message with %q", bad, err, hint)
		}
	}
}

func mustVersion(t *testing.T, s string) Version {
	t.Helper()
	v, err := ParseVersion(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestReleaseTheRealActionYML rewrites the repository's action.yml: exactly one line, runs'
// image line, differs; the result verifies, and cannot be released again.
func TestReleaseTheRealActionYML(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("..", "..", ActionFile))
	if err != nil {
		t.Fatal(err)
	}
	v := mustVersion(t, "v1.2.3")
	out, err := Release(src, DefaultImage, v)
	if err != nil {
		t.Fatal(err)
	}
	const want = "docker://ghcr.io/subpolicy/subpolicy:v1.2.3"
	md, err := parseMetadata(out)
	if err != nil {
		t.Fatal(err)
	}
	if md.Runs.Image != want || md.Runs.Using != "docker" {
		t.Errorf("runs = %+v, want docker, %s", md.Runs, want)
	}
	before, after := strings.SplitAfter(string(src), "\n"), strings.SplitAfter(string(out), "\n")
	if len(before) != len(after) {
		t.Fatalf("%d lines became %d", len(before), len(after))
	}
	changed := 0
	for i := range before {
		if before[i] == after[i] {
			continue
		}
		changed++
		if before[i] != "  image: Dockerfile\n" || after[i] != "  image: "+want+"\n" {
			t.Errorf("line %d: %q became %q", i+1, before[i], after[i])
		}
	}
	if changed != 1 {
		t.Errorf("%d lines changed, want 1", changed)
	}

	if err := Verify(out, DefaultImage, v); err != nil {
		t.Errorf("Verify(release): %v", err)
	}
	if err := Verify(src, DefaultImage, v); err == nil || !strings.Contains(err.Error(), "go run ./scripts/release") {
		t.Errorf("Verify(main's action.yml) = %v, want a failure that says how to cut a release", err)
	}
	if _, err := Release(out, DefaultImage, mustVersion(t, "v1.2.4")); err == nil || !strings.Contains(err.Error(), "release commit") {
		t.Errorf("Release(a release's action.yml) = %v, want a refusal", err)
	}
	fork, err := Release(src, "ghcr.io/me/subpolicy", mustVersion(t, "v0.1.0-rc.1"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(fork, []byte("\n  image: docker://ghcr.io/me/subpolicy:v0.1.0-rc.1\n")) {
		t.Errorf("a fork's release does not run its own image")
	}
}

// TestSetImageChangesOnlyTheScalar: comments, quoting, line endings, other "image" keys and
// a missing final newline all survive; the bytes around the scalar are untouched.
func TestSetImageChangesOnlyTheScalar(t *testing.T) {
	t.Parallel()
	const to = "docker://ghcr.io/a/b:v1.0.0"
	for name, tc := range map[string]struct{ in, want string }{
		"plain": {
			"name: x\nruns:\n  using: docker\n  image: Dockerfile\n  args:\n    - action\n",
			"name: x\nruns:\n  using: docker\n  image: " + to + "\n  args:\n    - action\n",
		},
		"CRLF": {
			"name: x\r\nruns:\r\n  using: docker\r\n  image: Dockerfile\r\n",
			"name: x\r\nruns:\r\n  using: docker\r\n  image: " + to + "\r\n",
		},
		"double-quoted": {
			"runs:\n  using: docker\n  image: \"Dockerfile\"\n",
			"runs:\n  using: docker\n  image: \"" + to + "\"\n",
		},
		"single-quoted": {
			"runs:\n  using: docker\n  image: 'Dockerfile'\n",
			"runs:\n  using: docker\n  image: '" + to + "'\n",
		},
		"comment": {
			"runs:\n  using: docker\n  image: Dockerfile   # built on every job\n",
			"runs:\n  using: docker\n  image: " + to + "   # built on every job\n",
		},
		"no final newline": {
			"runs:\n  using: docker\n  image: Dockerfile",
			"runs:\n  using: docker\n  image: " + to,
		},
		"other image keys and text": {
			"description: \"set image: Dockerfile\"\ninputs:\n  image:\n    description: 'image: Dockerfile'\n    default: Dockerfile\nruns:\n  image: Dockerfile\n  using: docker\n",
			"description: \"set image: Dockerfile\"\ninputs:\n  image:\n    description: 'image: Dockerfile'\n    default: Dockerfile\nruns:\n  image: " + to + "\n  using: docker\n",
		},
		"non-ASCII before": {
			"description: «Größe»\nruns: {using: docker, image: Dockerfile}\n",
			"description: «Größe»\nruns: {using: docker, image: " + to + "}\n",
		},
		"four-space indent": {
			"runs:\n    using: docker\n    image:    Dockerfile\n",
			"runs:\n    using: docker\n    image:    " + to + "\n",
		},
	} {
		out, err := SetImage([]byte(tc.in), DevImage, to)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if string(out) != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", name, out, tc.want)
		}
	}
}

func TestSetImageRefuses(t *testing.T) {
	t.Parallel()
	const to = "docker://ghcr.io/a/b:v1.0.0"
	for name, tc := range map[string]struct{ in, msg string }{
		"another image":     {"runs:\n  using: docker\n  image: Dockerfile.dev\n", `is "Dockerfile.dev", expected "Dockerfile"`},
		"no image":          {"runs:\n  using: docker\n", "no runs.image"},
		"no runs":           {"name: x\n", "no runs mapping"},
		"runs not a map":    {"runs: docker\n", "no runs mapping"},
		"block scalar":      {"runs:\n  using: docker\n  image: |\n    Dockerfile\n", "expected"},
		"folded scalar":     {"runs:\n  using: docker\n  image: >-\n    Dockerfile\n", "not a plain or quoted scalar"},
		"alias":             {"x: &d Dockerfile\nruns:\n  using: docker\n  image: *d\n", "not a plain string"},
		"anchored":          {"runs:\n  using: docker\n  image: &d Dockerfile\n", "not a plain string"},
		"tagged":            {"runs:\n  using: docker\n  image: !!str Dockerfile\n", "not a plain or quoted scalar"},
		"not YAML":          {"runs: [\n", "does not parse"},
		"two documents":     {"runs:\n  image: Dockerfile\n---\nruns:\n  image: Dockerfile\n", "more than one YAML document"},
		"duplicate runs":    {"runs:\n  image: Dockerfile\nruns:\n  image: Dockerfile\n", ""},
		"duplicate image":   {"runs:\n  image: Dockerfile\n  image: Dockerfile\n", ""},
		"a list":            {"- runs\n", "not a YAML mapping"},
		"multi-line plain":  {"runs:\n  using: docker\n  image: Dockerfile\n    more\n", ""},
		"escaped in quotes": {"runs:\n  using: docker\n  image: \"Docker\\x66ile\"\n", "not written as"},
	} {
		_, err := SetImage([]byte(tc.in), DevImage, to)
		if err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want a message with %q", name, err, tc.msg)
		}
	}
	for _, to := range []string{"", "a b: c", "x\ny", `a"b`, "a #b", " x"} {
		if _, err := SetImage([]byte("runs:\n  image: Dockerfile\n"), DevImage, to); err == nil {
			t.Errorf("SetImage(to %q) accepted", to)
		}
	}
}

func TestReleaseRefuses(t *testing.T) {
	t.Parallel()
	v := mustVersion(t, "v1.0.0")
	if _, err := Release([]byte("runs:\n  using: node24\n  main: index.js\n"), DefaultImage, v); err == nil || !strings.Contains(err.Error(), "not docker") {
		t.Errorf("a JavaScript action: %v", err)
	}
	if _, err := Release([]byte("runs:\n  using: docker\n  image: Dockerfile\n"), "ghcr.io/Me/x", v); err == nil {
		t.Errorf("an upper-case image was accepted")
	}
	if _, err := Release([]byte("runs:\n  using: docker\n  image: docker://alpine:3\n"), DefaultImage, v); err == nil || !strings.Contains(err.Error(), "release commit") {
		t.Errorf("a docker:// image: %v", err)
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	v := mustVersion(t, "v1.2.3")
	const good = "runs:\n  using: docker\n  image: docker://ghcr.io/subpolicy/subpolicy:v1.2.3\n"
	if err := Verify([]byte(good), DefaultImage, v); err != nil {
		t.Errorf("Verify: %v", err)
	}
	for name, src := range map[string]string{
		"another tag":      "runs:\n  using: docker\n  image: docker://ghcr.io/subpolicy/subpolicy:v1.2.4\n",
		"no tag":           "runs:\n  using: docker\n  image: docker://ghcr.io/subpolicy/subpolicy\n",
		"another image":    "runs:\n  using: docker\n  image: docker://ghcr.io/someone/subpolicy:v1.2.3\n",
		"a digest too":     "runs:\n  using: docker\n  image: docker://ghcr.io/subpolicy/subpolicy:v1.2.3@sha256:00\n",
		"the Dockerfile":   "runs:\n  using: docker\n  image: Dockerfile\n",
		"not docker":       "runs:\n  using: node24\n  image: docker://ghcr.io/subpolicy/subpolicy:v1.2.3\n",
		"does not parse":   "runs: [\n",
		"duplicate image":  "runs:\n  using: docker\n  image: Dockerfile\n  image: docker://ghcr.io/subpolicy/subpolicy:v1.2.3\n",
		"upper-case image": "runs:\n  using: docker\n  image: docker://ghcr.io/Subpolicy/subpolicy:v1.2.3\n",
	} {
		if err := Verify([]byte(src), DefaultImage, v); err == nil {
			t.Errorf("%s: verified", name)
		}
	}
}

func TestPlan(t *testing.T) {
	t.Parallel()
	var got []string
	for _, s := range Plan(mustVersion(t, "v1.2.3"), DefaultImage, "main", "origin") {
		got = append(got, s.String())
	}
	want := []string{
		"git checkout --detach",
		"git commit -m 'Release v1.2.3\n\naction.yml runs the prebuilt image docker://ghcr.io/subpolicy/subpolicy:v1.2.3 instead of building the Dockerfile.' -- action.yml",
		"git tag -a v1.2.3 -m 'subpolicy v1.2.3'",
		"git checkout main",
		"git push origin refs/tags/v1.2.3",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Plan:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if q := shellQuote("it's"); q != `'it'\''s'` {
		t.Errorf("shellQuote = %s", q)
	}
}

// gitRepo makes a repository on branch main with the real action.yml committed, and a bare
// repository as its origin.
func gitRepo(t *testing.T) (dir string, env []string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	dir = filepath.Join(root, "work")
	env = append(os.Environ(),
		"GIT_CONFIG_GLOBAL="+filepath.Join(root, "gitconfig"), "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com")
	src, err := os.ReadFile(filepath.Join("..", "..", ActionFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{ActionFile: string(src), "README.md": "readme\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitIn(t, root, env, "init", "-q", "--bare", "origin.git")
	gitIn(t, dir, env, "init", "-q", "-b", "main")
	gitIn(t, dir, env, "add", ".")
	gitIn(t, dir, env, "commit", "-q", "-m", "initial")
	gitIn(t, dir, env, "remote", "add", "origin", filepath.Join(root, "origin.git"))
	return dir, env
}

func gitIn(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func runRelease(t *testing.T, dir string, env []string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	code := run(dir, env, args, &out, &out)
	return code, out.String()
}

// TestRunCommitAndPush cuts a release in a scratch repository: the tag is on a commit off
// main whose only change is the image line, main is unchanged, and the tag reaches origin.
func TestRunCommitAndPush(t *testing.T) {
	t.Parallel()
	dir, env := gitRepo(t)
	mainHead := gitIn(t, dir, env, "rev-parse", "HEAD")

	// From a subfolder: the script works at the top of the working tree.
	code, out := runRelease(t, filepath.Join(dir, "sub"), env, "-push", "v1.2.3")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if branch := gitIn(t, dir, env, "symbolic-ref", "--short", "HEAD"); branch != "main" {
		t.Errorf("left on %q, want main", branch)
	}
	if head := gitIn(t, dir, env, "rev-parse", "HEAD"); head != mainHead {
		t.Errorf("main moved")
	}
	if st := gitIn(t, dir, env, "status", "--porcelain"); st != "" {
		t.Errorf("the working tree is not clean:\n%s", st)
	}
	if typ := gitIn(t, dir, env, "cat-file", "-t", "v1.2.3"); typ != "tag" {
		t.Errorf("v1.2.3 is a %s, want an annotated tag", typ)
	}
	if parent := gitIn(t, dir, env, "rev-parse", "v1.2.3^{commit}^"); parent != mainHead {
		t.Errorf("the release commit's parent is %s, want main's %s", parent, mainHead)
	}
	if files := gitIn(t, dir, env, "diff", "--name-only", mainHead, "v1.2.3"); files != ActionFile {
		t.Errorf("the release changes %q, want only %s", files, ActionFile)
	}
	if n := gitIn(t, dir, env, "diff", "--numstat", mainHead, "v1.2.3"); n != "1\t1\t"+ActionFile {
		t.Errorf("the release changes %q lines, want one", n)
	}
	tagged := gitIn(t, dir, env, "show", "v1.2.3:"+ActionFile)
	if err := Verify([]byte(tagged), DefaultImage, mustVersion(t, "v1.2.3")); err != nil {
		t.Errorf("the tagged action.yml: %v", err)
	}
	if err := Verify([]byte(gitIn(t, dir, env, "show", "main:"+ActionFile)), DefaultImage, mustVersion(t, "v1.2.3")); err == nil {
		t.Errorf("main's action.yml runs the prebuilt image")
	}
	remote := gitIn(t, dir, env, "ls-remote", "--tags", "origin")
	if !strings.Contains(remote, "refs/tags/v1.2.3") {
		t.Errorf("origin has no v1.2.3:\n%s", remote)
	}

	// The same version again is refused; so is a -verify of main's action.yml.
	if code, out := runRelease(t, dir, env, "-commit", "v1.2.3"); code != 1 || !strings.Contains(out, "exists already") {
		t.Errorf("releasing v1.2.3 twice: exit %d\n%s", code, out)
	}
	if code, out := runRelease(t, dir, env, "-verify", "v1.2.3"); code != 1 || !strings.Contains(out, "go run ./scripts/release") {
		t.Errorf("-verify on main: exit %d\n%s", code, out)
	}
	gitIn(t, dir, env, "checkout", "-q", "v1.2.3")
	if code, out := runRelease(t, dir, env, "-verify", "v1.2.3"); code != 0 {
		t.Errorf("-verify at the tag: exit %d\n%s", code, out)
	}
	if code, out := runRelease(t, dir, env, "v1.2.4"); code != 1 || !strings.Contains(out, "release commit") {
		t.Errorf("releasing from a release commit: exit %d\n%s", code, out)
	}
}

// TestRunPrintsThePlan: without -commit only action.yml changes, and the commands are printed.
func TestRunPrintsThePlan(t *testing.T) {
	t.Parallel()
	dir, env := gitRepo(t)
	code, out := runRelease(t, dir, env, "-image", "ghcr.io/me/subpolicy", "v2.0.0-rc.1")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, want := range []string{"git checkout --detach", "git tag -a v2.0.0-rc.1", "git checkout main", "git push origin refs/tags/v2.0.0-rc.1", "git checkout -- action.yml"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if st := gitIn(t, dir, env, "status", "--porcelain"); st != "M "+ActionFile {
		t.Errorf("status = %q, want only action.yml modified", st)
	}
	if tags := gitIn(t, dir, env, "tag"); tags != "" {
		t.Errorf("tags were made: %s", tags)
	}
	if code, out := runRelease(t, dir, env, "-image", "ghcr.io/me/subpolicy", "-verify", "v2.0.0-rc.1"); code != 0 {
		t.Errorf("-verify: exit %d\n%s", code, out)
	}

	// A dirty working tree is refused.
	if code, out := runRelease(t, dir, env, "-commit", "v2.0.0"); code != 1 || !strings.Contains(out, "uncommitted changes") {
		t.Errorf("a dirty tree: exit %d\n%s", code, out)
	}
}

func TestRunUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "usage:"},
		{[]string{"v1", "v2"}, 2, "usage:"},
		{[]string{"-nope", "v1.0.0"}, 2, "flag provided but not defined"},
		{[]string{"1.0.0"}, 1, `must start with "v"`},
		{[]string{"-image", "ghcr.io/Me/x", "v1.0.0"}, 1, "lower case"},
		{[]string{"-verify", "v1.0.0"}, 1, "no such file"},
		{[]string{"-h"}, 0, "-image"},
	} {
		code, out := runRelease(t, dir, os.Environ(), tc.args...)
		if code != tc.code || !strings.Contains(out, tc.msg) {
			t.Errorf("%q: exit %d, want %d with %q:\n%s", tc.args, code, tc.code, tc.msg, out)
		}
	}
}
