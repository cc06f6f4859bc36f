package source

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// fault is what the proxy does with one request instead of passing it on.
type fault struct {
	status int               // answer with this status, when set
	header map[string]string // and these headers
	reset  bool              // send half the registry's answer, then reset
	hang   bool              // never answer
}

// faultProxy stands in front of a registry on 127.0.0.1 and breaks the
// requests its rule picks. Requests are counted by kind: "manifest" or
// "blob", for GETs only.
type faultProxy struct {
	upstream string
	rule     func(kind string, n int) *fault
	counts   map[string]*atomic.Int32
	hung     chan struct{}
}

// startFaultProxy serves a proxy for upstream and returns it with its
// host:port.
func startFaultProxy(t *testing.T, upstream string,
	rule func(kind string, n int) *fault) (*faultProxy, string) {
	t.Helper()
	p := &faultProxy{upstream: upstream, rule: rule, hung: make(chan struct{}),
		counts: map[string]*atomic.Int32{"manifest": {}, "blob": {}, "other": {}}}
	srv := httptest.NewServer(p)
	t.Cleanup(func() {
		close(p.hung)
		srv.CloseClientConnections()
		srv.Close()
	})
	return p, strings.TrimPrefix(srv.URL, "http://")
}

// count returns how many GETs of kind the proxy saw.
func (p *faultProxy) count(kind string) int { return int(p.counts[kind].Load()) }

func kindOf(r *http.Request) string {
	switch {
	case r.Method != http.MethodGet:
		return "other"
	case strings.Contains(r.URL.Path, "/manifests/"):
		return "manifest"
	case strings.Contains(r.URL.Path, "/blobs/"):
		return "blob"
	}
	return "other"
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	kind := kindOf(r)
	n := int(p.counts[kind].Add(1))
	f := p.rule(kind, n)

	switch {
	case f == nil, f.reset:
		p.forward(w, r, f != nil)
	case f.hang:
		select {
		case <-p.hung:
		case <-r.Context().Done():
		}
	default:
		for k, v := range f.header {
			w.Header().Set(k, v)
		}
		http.Error(w, http.StatusText(f.status), f.status)
	}
}

// forward passes r to the registry and its answer back; with reset, only
// the first half of the body goes back before the connection is reset.
func (p *faultProxy) forward(w http.ResponseWriter, r *http.Request, reset bool) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method,
		"http://"+p.upstream+r.URL.RequestURI(), r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}

	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(resp.StatusCode)
	if !reset || len(body) < 2 {
		w.Write(body)
		return
	}
	w.Write(body[:len(body)/2])
	rc := http.NewResponseController(w)
	rc.Flush()
	conn, _, err := rc.Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0) // close with a reset, not a clean end
	}
	conn.Close()
}

// fastRetries makes the source retry at once for the rest of the test.
func fastRetries(t *testing.T) {
	t.Helper()
	saved := retryBackoff
	retryBackoff = remote.Backoff{Duration: time.Millisecond, Factor: 2, Steps: saved.Steps}
	t.Cleanup(func() { retryBackoff = saved })
}
