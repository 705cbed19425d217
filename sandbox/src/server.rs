//! The accept loop. Unlike `axum::serve`, it gives every request a [`ConnControl`] so that a
//! fault can close the client's connection without an answer, as a network failure would.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinSet;
use tower::ServiceExt as _;

/// Closes the connection a request came on, with a TCP reset, instead of answering.
#[derive(Debug, Clone)]
pub struct ConnControl(Arc<Notify>);

impl ConnControl {
    /// Asks the connection's task to drop the connection now.
    pub fn kill(&self) {
        self.0.notify_one();
    }
}

/// Serves `router` on `listener` until `shutdown` fires (or its sender is dropped); then every
/// open connection is closed too.
pub async fn serve(listener: TcpListener, router: Router, mut shutdown: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                connections.spawn(serve_connection(stream, router.clone()));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
}

async fn serve_connection(stream: tokio::net::TcpStream, router: Router) {
    let _ = stream.set_nodelay(true);
    // A second handle on the socket, to make the close a reset when a fault asks for it.
    let Ok(std_stream) = stream.into_std() else {
        return;
    };
    let Ok(reset_handle) = std_stream.try_clone() else {
        return;
    };
    let Ok(stream) = tokio::net::TcpStream::from_std(std_stream) else {
        return;
    };

    let notify = Arc::new(Notify::new());
    let control = ConnControl(notify.clone());
    let service = tower::service_fn(move |mut req: Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(control.clone());
        router.clone().oneshot(req.map(axum::body::Body::new))
    });
    let builder = Builder::new(TokioExecutor::new());
    let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
    tokio::select! {
        biased;
        _ = notify.notified() => {
            let _ = socket2::SockRef::from(&reset_handle).set_linger(Some(Duration::ZERO));
        }
        _ = conn => {}
    }
    drop(reset_handle);
}
