import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request has not been read whole within `timeout` of its head.
///
/// Hummingbird's idle timeout closes a connection that sends nothing (a head sent a byte
/// at a time never completes, so it counts as silence), but every body chunk renews it: a
/// client trickling a body a byte every few seconds would hold the connection, and the task
/// reading it, for ever. This bounds the whole read of one request instead.
public final class RequestReadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart

    public let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    public init(timeout: TimeAmount) { self.timeout = timeout }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let channel = context.channel
            deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    public func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }
}
