package action_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"gopkg.in/yaml.v3"
)

// stepOutputRE is a reference to a step's output in a workflow expression.
var stepOutputRE = regexp.MustCompile(`steps\.subpolicy\.outputs\.([A-Za-z0-9_-]+)`)

// TestReadmeWorkflowsUseTheAction: every workflow the README shows parses as YAML, gives the
// action only inputs action.yml declares and reads only outputs it sets, so a user who copies
// one gets what the README says.
func TestReadmeWorkflowsUseTheAction(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	meta := readMetadata(t)
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	workflows := 0
	err = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fb, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok || string(fb.Language(src)) != "yaml" {
			return ast.WalkContinue, nil
		}
		var b strings.Builder
		for i := 0; i < fb.Lines().Len(); i++ {
			seg := fb.Lines().At(i)
			b.Write(seg.Value(src))
		}
		var wf struct {
			Jobs map[string]struct {
				Steps []struct {
					Uses string            `yaml:"uses"`
					With map[string]string `yaml:"with"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		if err := yaml.Unmarshal([]byte(b.String()), &wf); err != nil {
			t.Errorf("a YAML block of the README does not parse: %v\n%s", err, b.String())
			return ast.WalkContinue, nil
		}
		if len(wf.Jobs) == 0 {
			return ast.WalkContinue, nil
		}
		workflows++
		for name, job := range wf.Jobs {
			for _, step := range job.Steps {
				if !strings.HasPrefix(step.Uses, "subpolicy/subpolicy@") {
					continue
				}
				for in := range step.With {
					if _, ok := meta.Inputs[in]; !ok {
						t.Errorf("README workflow, job %q: input %q is not in action.yml", name, in)
					}
				}
			}
		}
		for _, m := range stepOutputRE.FindAllStringSubmatch(b.String(), -1) {
			if _, ok := meta.Outputs[m[1]]; !ok {
				t.Errorf("README workflow reads output %q, which action.yml does not declare", m[1])
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if workflows < 3 {
		t.Errorf("found %d workflows in the README, want its examples", workflows)
	}
}
