package action_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gopkg.in/yaml.v3"
)

// TestWorkflowsPassActionlint lints every workflow (and, through "uses: ./", action.yml's
// inputs) with actionlint when it is installed; .ci/run installs a pinned version.
func TestWorkflowsPassActionlint(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("actionlint")
	if err != nil {
		t.Skip("actionlint is not on PATH, so the workflows are not linted; install it with " +
			"\"go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12\"")
	}
	files, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", "*.y*ml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no workflow under .github/workflows")
	}
	args := []string{"-no-color"}
	for _, f := range files {
		rel, err := filepath.Rel(repoRoot, f)
		if err != nil {
			t.Fatal(err)
		}
		args = append(args, filepath.ToSlash(rel))
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint %v: %v\n%s", args, err, out)
	}
}

// pinnedUsesRE is a third-party action pinned by full commit SHA, with the release it is in a
// comment: "owner/repo[/path]@<40 hex> # vX.Y.Z".
var (
	usesLineRE  = regexp.MustCompile(`^\s*(?:-\s+)?uses:\s*(\S+)(.*)$`)
	pinnedRefRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[^@\s]+)?@[0-9a-f]{40}$`)
	versionRE   = regexp.MustCompile(`^\s+# v[0-9]+\.[0-9]+\.[0-9]+\s*$`)
)

// TestWorkflowsPinActions: every action a workflow uses, but the repository's own, is pinned
// by commit SHA and names its release, so a moved tag upstream changes nothing here.
func TestWorkflowsPinActions(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", "*.y*ml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			m := usesLineRE.FindStringSubmatch(line)
			if m == nil || strings.HasPrefix(m[1], "./") {
				continue
			}
			if !pinnedRefRE.MatchString(m[1]) || !versionRE.MatchString(m[2]) {
				t.Errorf("%s:%d: %q is not pinned as owner/repo@<commit SHA> # vX.Y.Z", filepath.Base(f), i+1, strings.TrimSpace(line))
			}
		}
	}
}

// releaseWorkflow is the part of release.yml the tests read.
type releaseWorkflow struct {
	On struct {
		Push struct {
			Tags     []string `yaml:"tags"`
			Branches []string `yaml:"branches"`
		} `yaml:"push"`
	} `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		Needs       any               `yaml:"needs"`
		If          string            `yaml:"if"`
		Timeout     int               `yaml:"timeout-minutes"`
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestReleaseWorkflow: release.yml runs on version tags only, grants each job only what it
// needs (writing contents only to move the major tag), tests before it builds, builds both
// platforms with the version, and moves the major tag only after the image is public.
func TestReleaseWorkflow(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(repoRoot, ".github", "workflows", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf releaseWorkflow
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(wf.On.Push.Tags, []string{"v[0-9]+.[0-9]+.[0-9]+", "v[0-9]+.[0-9]+.[0-9]+-*"}) || len(wf.On.Push.Branches) > 0 {
		t.Errorf("on.push = %+v, want version tags only", wf.On.Push)
	}
	if wf.Permissions == nil || len(wf.Permissions) != 0 {
		t.Errorf("top-level permissions = %v, want {}", wf.Permissions)
	}
	wantPerms := map[string]map[string]string{
		"verify":    {"contents": "read"},
		"image":     {"contents": "read", "packages": "write"},
		"public":    {},
		"major-tag": {"contents": "write"},
	}
	if len(wf.Jobs) != len(wantPerms) {
		t.Errorf("jobs: %d, want %d (update this test with the permissions of a new job)", len(wf.Jobs), len(wantPerms))
	}
	for name, want := range wantPerms {
		job, ok := wf.Jobs[name]
		if !ok {
			t.Errorf("no job %q", name)
			continue
		}
		if job.Permissions == nil || !cmp.Equal(job.Permissions, want, cmpopts.EquateEmpty()) {
			t.Errorf("job %q permissions = %v, want %v", name, job.Permissions, want)
		}
		if job.Timeout <= 0 {
			t.Errorf("job %q has no timeout-minutes", name)
		}
	}

	runs := func(job string) string {
		var all []string
		for _, s := range wf.Jobs[job].Steps {
			all = append(all, s.Run)
		}
		return strings.Join(all, "\n")
	}
	verify := runs("verify")
	for _, want := range []string{`go run ./scripts/release -verify -image "$image" "$TAG"`, `image="ghcr.io/${GITHUB_REPOSITORY,,}"`, "bash .ci/run"} {
		if !strings.Contains(verify, want) {
			t.Errorf("the verify job does not run %q", want)
		}
	}
	var build map[string]string
	for _, s := range wf.Jobs["image"].Steps {
		if strings.HasPrefix(s.Uses, "docker/build-push-action@") {
			build = s.With
		}
	}
	if build == nil {
		t.Fatal("the image job has no docker/build-push-action step")
	}
	if build["platforms"] != "linux/amd64,linux/arm64" || build["push"] != "true" || build["file"] != "Dockerfile" ||
		!strings.Contains(build["build-args"], "VERSION=${{ env.TAG }}") ||
		!strings.Contains(build["labels"], "org.opencontainers.image.source=${{ github.server_url }}/${{ github.repository }}") {
		t.Errorf("build-push-action with = %v", build)
	}

	needs := func(job string) []string {
		switch n := wf.Jobs[job].Needs.(type) {
		case string:
			return []string{n}
		case []any:
			var s []string
			for _, v := range n {
				s = append(s, fmt.Sprint(v))
			}
			return s
		}
		return nil
	}
	for job, want := range map[string][]string{"image": {"verify"}, "public": {"verify", "image"}, "major-tag": {"verify", "public"}} {
		if got := needs(job); !cmp.Equal(got, want) {
			t.Errorf("job %q needs %v, want %v", job, got, want)
		}
	}
	if wf.Jobs["major-tag"].If != "needs.verify.outputs.major != ''" {
		t.Errorf("major-tag runs if %q, want only for releases (not pre-releases)", wf.Jobs["major-tag"].If)
	}
}
