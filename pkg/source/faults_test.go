package source

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"

	"github.com/imgaudit/imgaudit/layers"
	st "github.com/imgaudit/imgaudit/pkg/source/sourcetest"
)

// faultCase is one way a registry misbehaves, and what Open and a walk of
// the image must make of it.
type faultCase struct {
	name string
	ref  string // repository:tag under the proxy; default app:1
	rule st.Rule
	// wantErr is what the error must say, besides the registry and the
	// reference; empty when the audit must succeed.
	wantErr []string
	check   func(t *testing.T, err error, p *st.Proxy, took time.Duration)
	// limit is the deadline of the audit; default 5 seconds.
	limit time.Duration
}

func TestRegistryFaults(t *testing.T) {
	fastRetries(t)
	tests := []faultCase{
		{name: "429 with Retry-After, then success",
			rule: st.FirstN("manifest", 1, st.Status(429, "Retry-After", "1")),
			check: func(t *testing.T, _ error, p *st.Proxy, took time.Duration) {
				if took < 900*time.Millisecond {
					t.Errorf("took %v; the Retry-After of 1s was not waited for", took)
				}
			}},
		{name: "500s, then success", rule: st.FirstN("blob", 2, st.Status(500))},
		{name: "503 without Retry-After, then success", rule: st.FirstN("manifest", 2, st.Status(503))},
		{name: "connection reset in the middle of a blob, then success",
			rule: st.FirstN("blob", 2, &st.Fault{Reset: true})},
		{name: "500 for ever", rule: st.Always("manifest", st.Status(500)),
			wantErr: []string{"500"},
			check: func(t *testing.T, _ error, p *st.Proxy, _ time.Duration) {
				if got := p.Count("manifest"); got != retryBackoff.Steps {
					t.Errorf("%d manifest requests, want %d tries", got, retryBackoff.Steps)
				}
			}},
		{name: "connection reset for ever", rule: st.Always("blob", &st.Fault{Reset: true}),
			wantErr: []string{"given up after 5 resumes", "connection reset"}},
		{name: "404 for a tag", ref: "app:absent", wantErr: []string{"MANIFEST_UNKNOWN"}},
		{name: "401 without credentials", rule: st.Always("manifest", st.Status(401,
			"WWW-Authenticate", `Basic realm="test"`)),
			check: func(t *testing.T, err error, _ *st.Proxy, _ time.Duration) {
				var te *transport.Error
				if !errors.As(err, &te) || te.StatusCode != http.StatusUnauthorized {
					t.Errorf("error %v is not the registry's 401", err)
				}
			}},
		{name: "server stops answering", rule: st.Always("blob", &st.Fault{Hang: true}),
			limit: time.Second, wantErr: []string{"deadline exceeded"},
			check: func(t *testing.T, _ error, _ *st.Proxy, took time.Duration) {
				if took > 2*time.Second {
					t.Errorf("gave up after %v, want about the 1s deadline", took)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runFaultCase(t, tt) })
	}
}

// runFaultCase pushes an image to a fresh registry, opens and walks it
// through a proxy breaking requests as tt says, within tt.limit.
func runFaultCase(t *testing.T, tt faultCase) {
	upstream := startRegistry(t, "", "")
	img, err := random.Image(64<<10, 2)
	if err != nil {
		t.Fatal(err)
	}
	push(t, upstream+"/app:1", img)

	p := st.Start(t, upstream, tt.rule)
	host := p.Host
	ref := host + "/" + tt.ref
	if tt.ref == "" {
		ref = host + "/app:1"
	}

	limit := tt.limit
	if limit == 0 {
		limit = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	start := time.Now()
	opened, err := openAndWalk(ctx, ref)
	took := time.Since(start)

	switch {
	case len(tt.wantErr) == 0 && tt.check == nil && err != nil:
		t.Fatalf("audit failed: %v", err)
	case len(tt.wantErr) > 0 && err == nil:
		t.Fatalf("audit succeeded, want an error saying %q", tt.wantErr)
	}
	if err != nil {
		msg := err.Error()
		want := tt.wantErr
		if !opened {
			// Open names the registry and the reference; a walk's error
			// gets them from the audit that runs it.
			want = append([]string{host, ref}, want...)
		}
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("error %q does not say %q", msg, w)
			}
		}
	}
	if tt.check != nil {
		tt.check(t, err, p, took)
	}
}

// openAndWalk opens ref from its registry and reads every layer. opened
// is set when Open succeeded.
func openAndWalk(ctx context.Context, ref string) (opened bool, err error) {
	img, err := Open(ctx, "registry:"+ref, Options{})
	if err != nil {
		return false, err
	}
	defer img.Close()
	_, err = layers.Walk(ctx, img.Image, layers.Options{})
	return true, err
}

// fastRetries makes the source retry at once for the rest of the test.
func fastRetries(t *testing.T) {
	t.Helper()
	saved := retryBackoff
	retryBackoff = remote.Backoff{Duration: time.Millisecond, Factor: 2, Steps: saved.Steps}
	t.Cleanup(func() { retryBackoff = saved })
}
