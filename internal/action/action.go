// Package action is subpolicy's GitHub Action: it reads the inputs, the runner's variables
// and the event payload, picks a mode (pull request or audit), gathers the files to check,
// runs the pipeline, and feeds the findings to every sink: workflow-command annotations,
// a check run, the job summary, the step outputs and an optional JSON report.
//
// Everything from the outside comes in through Env: the inputs and runner variables through
// its go-githubactions Action (whose getenv tests replace), the job log is its writer, and
// the API is reached through internal/github at GITHUB_API_URL. Nothing below this package
// reads the environment.
package action

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/subpolicy/subpolicy/internal/report"
)

// Exit codes, the same as the CLI's: a gate must never read a crash as a pass.
const (
	ExitOK       = 0 // no finding at or above fail-on
	ExitFindings = 1 // findings at or above fail-on
	ExitUsage    = 2 // input, policy or page errors
	ExitRuntime  = 3 // API or I/O failures
)

// Env is everything Run takes from the outside world.
type Env struct {
	// Action reads the inputs and runner variables through its getenv and writes workflow
	// commands to the job log.
	Action *githubactions.Action
	// Stdout is the job log: the writer Action writes to.
	Stdout io.Writer
	// HTTPClient, when set, carries every API request.
	HTTPClient *http.Client
	// MaxRetryWait bounds the time one API request may spend being retried;
	// github.DefaultMaxRetryWait when zero.
	MaxRetryWait time.Duration
	// Now is the clock policies see; time.Now when nil.
	Now func() time.Time
	// Version is subpolicy's version, written as the SARIF report's tool version; "devel"
	// when empty.
	Version string
}

// NewEnv returns the Env of a runner whose variables getenv reads and whose job log is stdout.
func NewEnv(getenv func(string) string, stdout io.Writer) Env {
	return Env{
		Action: githubactions.New(githubactions.WithWriter(stdout), githubactions.WithGetenv(getenv)),
		Stdout: stdout,
	}
}

// Run runs the action and returns the exit code.
func Run(ctx context.Context, env Env) (code int) {
	r := &run{env: env, a: env.Action, log: &logger{w: env.Stdout}}
	defer func() {
		// go-githubactions panics when it cannot write to the job log; whatever the cause,
		// a panic must fail the step, with what can still be said about it.
		if p := recover(); p != nil {
			fmt.Fprintf(env.Stdout, "%s\n", report.WorkflowCommand("error", []report.Property{{Key: "title", Value: "subpolicy: internal error"}},
				fmt.Sprintf("subpolicy stopped unexpectedly: %v\n%s", p, debug.Stack())))
			code = ExitRuntime
		}
	}()
	return r.main(ctx)
}

// logger writes plain lines to the job log. Every line starts with the caller's fixed
// text and has its control characters escaped, so untrusted text in it can neither end
// the line nor start a workflow command.
type logger struct {
	w   io.Writer
	err error
}

func (l *logger) printf(format string, args ...any) {
	line := report.Terminal(fmt.Sprintf(format, args...))
	if _, err := io.WriteString(l.w, line+"\n"); err != nil && l.err == nil {
		l.err = err
	}
}

// command writes one workflow command.
func (l *logger) command(name string, props []report.Property, message string) {
	if _, err := io.WriteString(l.w, report.WorkflowCommand(name, props, message)+"\n"); err != nil && l.err == nil {
		l.err = err
	}
}

// printWriter passes the policies' print() output to the job log one safe line at a time.
type printWriter struct {
	log     *logger
	partial string
}

func (p *printWriter) Write(b []byte) (int, error) {
	s := p.partial + string(b)
	for {
		line, rest, ok := strings.Cut(s, "\n")
		if !ok {
			break
		}
		p.log.printf("policy print: %s", line)
		s = rest
	}
	p.partial = s
	return len(b), nil
}
