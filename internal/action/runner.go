package action

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sethvargo/go-githubactions"

	gh "github.com/google/go-github/v62/github"
)

// runnerVars are the runner's variables the action uses.
type runnerVars struct {
	eventName   string // GITHUB_EVENT_NAME
	eventPath   string // GITHUB_EVENT_PATH
	workspace   string // GITHUB_WORKSPACE, absolute
	repository  string // GITHUB_REPOSITORY, "owner/repo"
	owner, repo string
	sha         string // GITHUB_SHA
	apiURL      string // GITHUB_API_URL
	serverURL   string // GITHUB_SERVER_URL
	stepSummary string // GITHUB_STEP_SUMMARY
	output      string // GITHUB_OUTPUT
	runID       string // GITHUB_RUN_ID, "" when unknown
}

// readRunner reads the runner's variables. The ones every mode needs must be set: without
// them this is not a GitHub Actions run.
func readRunner(a *githubactions.Action) (runnerVars, []error) {
	get := func(k string) string { return strings.TrimSpace(a.Getenv(k)) }
	rv := runnerVars{
		eventName:   get("GITHUB_EVENT_NAME"),
		eventPath:   get("GITHUB_EVENT_PATH"),
		workspace:   get("GITHUB_WORKSPACE"),
		repository:  get("GITHUB_REPOSITORY"),
		sha:         get("GITHUB_SHA"),
		apiURL:      cmp.Or(get("GITHUB_API_URL"), "https://api.github.com"),
		serverURL:   cmp.Or(get("GITHUB_SERVER_URL"), "https://github.com"),
		stepSummary: get("GITHUB_STEP_SUMMARY"),
		output:      get("GITHUB_OUTPUT"),
		runID:       get("GITHUB_RUN_ID"),
	}
	var errs []error
	missing := func(name string) {
		errs = append(errs, fmt.Errorf("%s is not set: \"subpolicy action\" runs as a step of a GitHub Actions job; use \"subpolicy check\" elsewhere", name))
	}
	if rv.eventName == "" {
		missing("GITHUB_EVENT_NAME")
	}
	if rv.workspace == "" {
		missing("GITHUB_WORKSPACE")
	} else if abs, err := filepath.Abs(rv.workspace); err == nil {
		rv.workspace = abs
	}
	switch owner, repo, ok := strings.Cut(rv.repository, "/"); {
	case rv.repository == "":
		missing("GITHUB_REPOSITORY")
	case !ok || owner == "" || repo == "" || strings.Contains(repo, "/"):
		errs = append(errs, fmt.Errorf("GITHUB_REPOSITORY is %q, not \"owner/repo\"", rv.repository))
	default:
		rv.owner, rv.repo = owner, repo
	}
	return rv, errs
}

// readPullRequestEvent decodes a pull_request or pull_request_target payload.
func readPullRequestEvent(path string) (*gh.PullRequestEvent, error) {
	if path == "" {
		return nil, errors.New("GITHUB_EVENT_PATH is not set, so the pull request is unknown")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the event payload: %w", err)
	}
	var ev gh.PullRequestEvent
	if err := json.Unmarshal(b, &ev); err != nil {
		return nil, fmt.Errorf("the event payload %q is not a pull request event: %w", path, err)
	}
	pr := ev.GetPullRequest()
	switch {
	case pr == nil:
		return nil, fmt.Errorf("the event payload %q has no \"pull_request\"", path)
	case pr.GetNumber() == 0 && ev.GetNumber() == 0:
		return nil, fmt.Errorf("the event payload %q has no pull request number", path)
	case pr.GetHead().GetSHA() == "":
		return nil, fmt.Errorf("the event payload %q has no \"pull_request.head.sha\"", path)
	}
	return &ev, nil
}
