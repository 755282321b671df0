package io.firedrill.order.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Each SKU appears on one line only (quantities belong on that line). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = UniqueSkus.Validator.class)
public @interface UniqueSkus {

    String message() default "SKUs must be unique: put the whole quantity on one line";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<UniqueSkus, List<PlaceOrderRequest.Item>> {
        @Override
        public boolean isValid(List<PlaceOrderRequest.Item> items, ConstraintValidatorContext context) {
            if (items == null) {
                return true;
            }
            Set<String> seen = new HashSet<>();
            for (PlaceOrderRequest.Item item : items) {
                if (item != null && item.sku() != null && !seen.add(item.sku())) {
                    return false;
                }
            }
            return true;
        }
    }
}
