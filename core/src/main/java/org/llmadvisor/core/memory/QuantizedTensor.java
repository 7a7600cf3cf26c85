package org.llmadvisor.core.memory;

import org.llmadvisor.core.model.GgmlType;
import org.llmadvisor.core.model.TensorShape;

/** A tensor with the storage type it has (in a GGUF file) or would get (from a recipe). */
public record QuantizedTensor(TensorShape shape, GgmlType type) {

  public long bytes() {
    long rows = shape.elements() / shape.rowLength();
    return type.bytes(shape.rowLength(), rows);
  }
}
