package io.revlake.spark;

import io.revlake.catalog.Column;
import io.revlake.catalog.ColumnType;
import io.revlake.catalog.TableDef;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Catalog schemas as Spark types. */
public final class SparkSchemas {
    private SparkSchemas() {
    }

    public static DataType sparkType(ColumnType type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case LONG -> DataTypes.LongType;
            case BOOLEAN -> DataTypes.BooleanType;
            case DOUBLE -> DataTypes.DoubleType;
            case MONEY, AMOUNT, RATE -> DataTypes.createDecimalType(type.precision(), type.scale());
        };
    }

    public static StructType schema(TableDef table) {
        StructField[] fields = table.columns().stream().map(SparkSchemas::field).toArray(StructField[]::new);
        return new StructType(fields);
    }

    private static StructField field(Column c) {
        Metadata meta = new MetadataBuilder().putString("comment", c.doc()).build();
        return new StructField(c.name(), sparkType(c.type()), c.nullable(), meta);
    }
}
