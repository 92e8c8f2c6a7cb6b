package io.daft.jdbc.server;

import com.google.protobuf.Message;
import org.apache.calcite.avatica.proto.Common;
import org.apache.calcite.avatica.proto.Responses;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

import java.io.IOException;
import java.lang.reflect.Method;

/**
 * Avatica's protobuf encoding of responses, with result frames written once. Avatica writes every scalar cell
 * twice: as {@code scalar_value}, which clients read since Avatica 1.8, and again in the deprecated repeated
 * {@code value} field, for older clients; that doubles the bytes of a large result and the time to write and
 * parse it. Frames here carry {@code scalar_value} only (array cells are left as they are).
 */
final class CompactFrames extends ProtobufTranslationImpl {
    // Response.serialize() is package-private in Avatica
    private static final Method SERIALIZE;

    static {
        try {
            SERIALIZE = Service.Response.class.getDeclaredMethod("serialize");
            SERIALIZE.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public byte[] serializeResponse(Service.Response response) throws IOException {
        if (!(response instanceof Service.FetchResponse || response instanceof Service.ExecuteResponse
                || response instanceof Service.ResultSetResponse)) {
            return super.serializeResponse(response);
        }
        Message msg;
        try {
            msg = (Message) SERIALIZE.invoke(response);
        } catch (ReflectiveOperationException e) {
            return super.serializeResponse(response);
        }
        if (msg instanceof Responses.FetchResponse) {
            Responses.FetchResponse f = (Responses.FetchResponse) msg;
            if (f.hasFrame()) {
                msg = f.toBuilder().setFrame(compact(f.getFrame())).build();
            }
        } else if (msg instanceof Responses.ExecuteResponse) {
            Responses.ExecuteResponse e = (Responses.ExecuteResponse) msg;
            Responses.ExecuteResponse.Builder b = e.toBuilder();
            for (int i = 0; i < e.getResultsCount(); i++) {
                Responses.ResultSetResponse r = e.getResults(i);
                if (r.hasFirstFrame()) {
                    b.setResults(i, r.toBuilder().setFirstFrame(compact(r.getFirstFrame())));
                }
            }
            msg = b.build();
        } else if (msg instanceof Responses.ResultSetResponse) {
            Responses.ResultSetResponse r = (Responses.ResultSetResponse) msg;
            if (r.hasFirstFrame()) {
                msg = r.toBuilder().setFirstFrame(compact(r.getFirstFrame())).build();
            }
        } else {
            return super.serializeResponse(response);
        }
        return Common.WireMessage.newBuilder()
                .setName(msg.getClass().getName())
                .setWrappedMessage(msg.toByteString())
                .build()
                .toByteArray();
    }

    static Common.Frame compact(Common.Frame frame) {
        Common.Frame.Builder b = frame.toBuilder().clearRows();
        for (Common.Row row : frame.getRowsList()) {
            Common.Row.Builder rb = Common.Row.newBuilder();
            for (Common.ColumnValue cv : row.getValueList()) {
                if (cv.hasScalarValue() && !cv.getHasArrayValue()) {
                    rb.addValue(Common.ColumnValue.newBuilder().setScalarValue(cv.getScalarValue()));
                } else {
                    rb.addValue(cv);
                }
            }
            b.addRows(rb);
        }
        return b.build();
    }
}
