package io.adstream.local;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that talks to the local AWS ({@link LocalAwsExtension}). The tag lets the build run
 * these classes a second time against the other embedded emulator (the cli module's {@code
 * cross-check} execution), so that one emulator's behaviour cannot hide a defect.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(EmulatorTest.TAG)
@ExtendWith(LocalAwsExtension.class)
public @interface EmulatorTest {
  String TAG = "emulator";
}
